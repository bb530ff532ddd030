using Polly.CircuitBreaker;
using Serverless.Gateway.Problems;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Runs after load balancing has picked one destination, and passes the forwarded request through that destination's
/// circuit breaker. An open circuit answers 503 at once with <c>Retry-After</c>.
/// </summary>
public sealed class CircuitBreakerMiddleware(RequestDelegate next, BackendResiliencePipelines pipelines)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        if (proxy.AvailableDestinations.Count != 1 || proxy.Route.Cluster is not { } cluster
            || pipelines.GetBreaker(cluster, proxy.AvailableDestinations[0]) is not { } breaker)
        {
            await next(context);
            return;
        }

        try
        {
            await breaker.Pipeline.ExecuteAsync(
                static async (state, _) =>
                {
                    await state.Next(state.Context);
                    return ProxyOutcome.From(state.Context);
                },
                (Next: next, Context: context),
                context.RequestAborted);
        }
        catch (BrokenCircuitException ex)
        {
            await GatewayProblems.WriteAsync(
                context, StatusCodes.Status503ServiceUnavailable, ProblemCodes.BackendUnavailable, "Backend unavailable",
                $"Backend '{cluster.ClusterId}' is failing and is not being called for now; retry later.",
                ex.RetryAfter ?? pipelines.RetryAfter(cluster.ClusterId) ?? TimeSpan.FromSeconds(1));
        }
    }
}
