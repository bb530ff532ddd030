using Microsoft.AspNetCore.Http.Timeouts;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Functions;

public static class FunctionEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Under the Functions host, maps <c>POST /{FunctionName}</c> for every non-HTTP function, ahead of the proxy's
    /// routes for the same path. In standalone mode nothing is mapped: the in-process trigger runtime invokes the
    /// functions, and no HTTP client must ever be able to.
    /// </summary>
    public static IEndpointRouteBuilder MapFunctionInvocations(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetRequiredService<GatewayHostingContext>().Mode != HostingMode.FunctionsHost)
        {
            return endpoints;
        }

        // Resolved now so that a function without a handler fails start-up instead of its first invocation.
        var endpoint = endpoints.ServiceProvider.GetRequiredService<FunctionInvocationEndpoint>();
        var catalog = endpoints.ServiceProvider.GetRequiredService<FunctionInvoker>().Catalog;
        foreach (var function in catalog.InvokedFunctions)
        {
            endpoints.MapPost($"/{function.Name}", context => endpoint.HandleAsync(context, function))
                .WithDisplayName($"Function {function.Name}")
                .WithOrder(-1000)
                // The host enforces functionTimeout itself; a gateway request timeout would only turn a slow success into a retry.
                .DisableRequestTimeout();
        }

        return endpoints;
    }
}
