namespace Serverless.Samples;

/// <summary>A read-only, in-memory product catalog, identical on every instance so any one of them can answer.</summary>
internal static class DemoCatalogEndpoints
{
    private static readonly Product[] Products =
    [
        new("1", "Espresso beans, 1 kg", 24.90m, "EUR"),
        new("2", "Burr grinder", 189.00m, "EUR"),
        new("3", "Milk jug", 19.50m, "EUR"),
    ];

    public static IEndpointRouteBuilder MapDemoCatalog(this IEndpointRouteBuilder endpoints, string servedBy)
    {
        endpoints.MapGet("/products", () => TypedResults.Ok(new { servedBy, products = Products }));
        endpoints.MapGet("/products/{id}", (string id) => Array.Find(Products, product => product.Id == id) is { } product
            ? Results.Ok(new { servedBy, product })
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Product '{id}' does not exist.", extensions: new Dictionary<string, object?> { ["servedBy"] = servedBy }));
        return endpoints;
    }
}
