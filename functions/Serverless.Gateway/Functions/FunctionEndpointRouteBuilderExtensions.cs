namespace Serverless.Gateway.Functions;

public static class FunctionEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /{FunctionName}</c> for every non-HTTP function, ahead of the proxy's routes for the same path. Only
    /// under the Functions host: in standalone mode the in-process trigger runtime invokes the functions, and no HTTP
    /// client must ever be able to.
    /// </summary>
    public static IEndpointRouteBuilder MapFunctionInvocations(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

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
