using System.Globalization;
using Serverless.Gateway.Benchmarks.Load;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// How the saga benchmark configures its two function apps, as deployed (infra/app/gateway.bicep) but on loopback:
/// the gateway routes <c>/orders/{**rest}</c> and <c>POST /orders</c> to the orders service with an API key, the
/// caller's plan's rate limit and a signed identity assertion; the orders service checks that assertion against the
/// gateway's key set and runs the saga on its own task hub. Both log at Warning, so nothing is written per request.
/// </summary>
public static class SagaSettings
{
    /// <summary>The orders service's backend id at the gateway, and so the audience of its identity assertions.</summary>
    public const string OrdersBackend = "orders";

    public static Dictionary<string, string> Gateway(string storage, Uri orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = storage,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Gateway:Routes:orders:Path"] = "/orders/{**rest}",
            ["Gateway:Routes:orders:Backend"] = OrdersBackend,
            ["Gateway:Routes:orders:AuthPolicy"] = "orders",
            ["Gateway:Routes:orders:RateLimitPolicy"] = "plan",
            ["Gateway:Routes:orders_root:Path"] = "/orders",
            ["Gateway:Routes:orders_root:Methods:0"] = "POST",
            ["Gateway:Routes:orders_root:Backend"] = OrdersBackend,
            ["Gateway:Routes:orders_root:AuthPolicy"] = "orders",
            ["Gateway:Routes:orders_root:RateLimitPolicy"] = "plan",
            [$"Gateway:Backends:{OrdersBackend}:Destinations:d0"] = orders.ToString(),
            [$"Gateway:Backends:{OrdersBackend}:IdentityAssertion"] = "true",
            ["Auth:Policies:orders:Require"] = "ApiKey",

            // The heartbeat timer proves the timer trigger; once a year keeps it out of the measurements.
            ["HeartbeatSchedule"] = "0 0 0 1 1 *",
        };
        GatewayBenchSettings.AddUnrefusingPlan(settings);

        // Not the table the suite's distributed run leaves its stopped gateways' rows and leases in: a gateway new to a
        // partition whose coordinator is gone refuses until the lease lapses (docs/auth-and-rate-limits.md), and this
        // closed loop would place its orders into that second. The saga is measured here, not the limiter.
        return GatewayBenchSettings.WithOwnLimiter(settings, "Saga");
    }

    /// <summary>
    /// The orders service standalone: its task hub <paramref name="taskHub"/> on <paramref name="storage"/>, polling idle
    /// queues at most every <paramref name="maxQueuePollingInterval"/>, the saga's other settings at their defaults.
    /// </summary>
    public static Dictionary<string, string> Orders(
        string storage, Uri gateway, Uri inventory, Uri payment, Uri shipping, string taskHub, TimeSpan maxQueuePollingInterval)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(shipping);
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = storage,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Orders:Gateway:JwksUri"] = new Uri(gateway, "/.well-known/jwks.json").ToString(),
            ["Orders:Gateway:Audience"] = OrdersBackend,
            ["Orders:Participants:Inventory"] = inventory.ToString(),
            ["Orders:Participants:Payment"] = payment.ToString(),
            ["Orders:Participants:Shipping"] = shipping.ToString(),
            ["Orders:TaskHub:Name"] = taskHub,
            ["Orders:TaskHub:MaxQueuePollingInterval"] = maxQueuePollingInterval.ToString("c", CultureInfo.InvariantCulture),
        };
    }
}
