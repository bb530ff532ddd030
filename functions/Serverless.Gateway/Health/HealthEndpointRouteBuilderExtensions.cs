using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Serverless.Gateway.Health;

public static class HealthEndpointRouteBuilderExtensions
{
    /// <summary>
    /// <c>/healthz</c>: the process serves requests (no dependencies checked, so a storage outage never restarts it).
    /// <c>/readyz</c>: storage reachable and configuration valid, with each check's status as JSON.
    /// Both take precedence over any configured route with the same path.
    /// </summary>
    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = static _ => false, ResponseWriter = HealthResponseWriter.WriteAsync })
            .WithOrder(-1000);
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = static check => check.Tags.Contains(HealthServiceCollectionExtensions.ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).WithOrder(-1000);
        return endpoints;
    }
}
