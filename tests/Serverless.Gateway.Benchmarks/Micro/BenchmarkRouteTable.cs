namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>
/// Twenty routes shaped like a real API's: literal, parameter and constrained paths, catch-alls sharing prefixes with
/// more specific routes, method, host and header conditions, and a catch-all fallback. No request is forwarded, so
/// the backend address is never contacted.
/// </summary>
public static class BenchmarkRouteTable
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = Build();

    private static Dictionary<string, string?> Build()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Gateway:Backends:api:Destinations:d0"] = "http://127.0.0.1:9",
        };

        void Route(string id, string path, params (string Key, string Value)[] extra)
        {
            settings[$"Gateway:Routes:{id}:Path"] = path;
            settings[$"Gateway:Routes:{id}:Backend"] = "api";
            foreach (var (key, value) in extra)
            {
                settings[$"Gateway:Routes:{id}:{key}"] = value;
            }
        }

        Route("catalog", "/catalog/{**rest}", ("Methods:0", "GET"));
        Route("catalog-product", "/catalog/products/{id:int}", ("Methods:0", "GET"));
        Route("catalog-search", "/catalog/search");
        Route("orders", "/api/orders/{**rest}", ("Methods:0", "GET"), ("Methods:1", "POST"));
        Route("orders-v2", "/api/orders/{**rest}", ("Order", "-1"), ("Headers:0:Name", "X-Api-Version"), ("Headers:0:Values:0", "2"));
        Route("order", "/api/orders/{id}", ("Methods:0", "GET"), ("Methods:1", "DELETE"));
        Route("users", "/api/users/{**rest}");
        Route("user-me", "/api/users/me");
        Route("payments", "/api/payments/{**rest}", ("Methods:0", "POST"));
        Route("invoice", "/api/invoices/{id:guid}");
        Route("reports", "/reports/{year:int}/{month:int}");
        Route("files", "/files/{**rest}", ("Hosts:0", "files.example.com"));
        Route("images", "/images/{**rest}", ("Methods:0", "GET"), ("Methods:1", "HEAD"));
        Route("webhooks", "/webhooks/{provider}", ("Methods:0", "POST"));
        Route("inventory", "/inventory/{sku}/stock");
        Route("shipping", "/shipping/{**rest}");
        Route("notifications", "/notifications/{**rest}");
        Route("legacy", "/v1/{**rest}", ("StripPrefix", "/v1"));
        Route("status", "/status");
        Route("fallback", "/{**rest}", ("Order", "100"));
        return settings;
    }
}
