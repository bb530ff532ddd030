using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Orders;

/// <summary>
/// Every authenticated <c>/orders</c> request counts against the caller's rate limit and quotas, whether the gateway
/// answers it (the order queries) or forwards it to the orders service (a recording backend stands in for it here).
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrdersLimitsTests(AzuriteFixture azurite)
{
    private static readonly string[] Requests =
    [
        "GET /orders?customerId=cust-1",
        "GET /orders/0123456789abcdef0123456789abcdef/events",
        "POST /orders",
        "GET /orders/0123456789abcdef0123456789abcdef",
    ];

    [Fact]
    public async Task A_used_up_daily_quota_refuses_the_order_queries_and_the_orders_service_alike()
    {
        await using var orders = await BackendServer.StartAsync("orders");
        await using var gateway = await StartGatewayAsync(orders, ("RateLimiting:Plans:tiny:DailyQuota", "4"));
        var key = await CreateKeyAsync(gateway);

        var firstRound = await SendAllAsync(gateway, key);
        var secondRound = await SendAllAsync(gateway, key);

        Assert.All(firstRound, response => Assert.NotEqual(HttpStatusCode.TooManyRequests, response.Status));
        Assert.All(secondRound, response => Assert.Equal((HttpStatusCode.TooManyRequests, "quota_exceeded"), (response.Status, response.Code)));
        Assert.Equal(2, orders.RequestCount);
    }

    [Fact]
    public async Task A_used_up_rate_limit_refuses_the_order_queries_and_the_orders_service_alike()
    {
        await using var orders = await BackendServer.StartAsync("orders");
        await using var gateway = await StartGatewayAsync(orders,
            ("RateLimiting:Policies:tiny-rate:Limit", "4"), ("RateLimiting:Policies:tiny-rate:Window", "01:00:00"),
            ("RateLimiting:Plans:tiny:RateLimitPolicy", "tiny-rate"));
        var key = await CreateKeyAsync(gateway);

        var firstRound = await SendAllAsync(gateway, key);
        var secondRound = await SendAllAsync(gateway, key);

        Assert.All(firstRound, response => Assert.NotEqual(HttpStatusCode.TooManyRequests, response.Status));
        Assert.All(secondRound, response => Assert.Equal((HttpStatusCode.TooManyRequests, "rate_limited"), (response.Status, response.Code)));
        Assert.Equal(2, orders.RequestCount);
    }

    private async Task<GatewayTestServer> StartGatewayAsync(BackendServer orders, params (string Key, string Value)[] limits)
    {
        var settings = OrderSagaHarness.Settings(azurite, new Uri(orders.Address));
        settings["Gateway:Routes:orders-place:RateLimitPolicy"] = "plan";
        settings["Gateway:Routes:orders:RateLimitPolicy"] = "plan";
        settings["Functions:Triggers:Enabled"] = "false";

        // A table of its own: another test's gateway, stopped but still within its lease, would take a share of the budget.
        settings["RateLimiting:Table"] = "OrdersLimits" + Guid.NewGuid().ToString("N")[..8];
        foreach (var (key, value) in limits)
        {
            settings[key] = value;
        }

        return await GatewayTestServer.StartAsync(azurite, settings);
    }

    private static async Task<string> CreateKeyAsync(GatewayTestServer gateway) =>
        (await gateway.Services.GetRequiredService<ApiKeyManager>()
            .CreateAsync("tenant-" + Guid.NewGuid().ToString("N"), "tiny", ["orders:write", "orders:read"], null, null, CancellationToken.None)).Key;

    private static async Task<List<(HttpStatusCode Status, string? Code)>> SendAllAsync(GatewayTestServer gateway, string key)
    {
        var responses = new List<(HttpStatusCode, string?)>();
        foreach (var line in Requests)
        {
            var (method, path) = (line.Split(' ')[0], line.Split(' ')[1]);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Add("X-Api-Key", key);
            if (method == "POST")
            {
                request.Content = JsonContent.Create(new { customerId = "cust-1" });
            }

            using var response = await gateway.Client.SendAsync(request);
            var code = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()
                : null;
            responses.Add((response.StatusCode, code));
        }

        return responses;
    }
}
