using Serverless.Gateway.Problems;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Runs after load balancing has picked one destination, and passes the forwarded request through that destination's
/// circuit breaker. An open circuit answers 503 at once with <c>Retry-After</c>.
/// </summary>
public sealed class CircuitBreakerMiddleware(RequestDelegate next, BackendResilience pipelines)
{
    public Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        if (proxy.AvailableDestinations.Count != 1 || proxy.Route.Cluster is not { } cluster
            || pipelines.GetBreaker(cluster, proxy.AvailableDestinations[0]) is not { } breaker)
        {
            return next(context);
        }

        return breaker.TryEnter(out var retryAfter)
            ? ForwardAsync(context, breaker)
            : GatewayProblems.WriteAsync(
                context, StatusCodes.Status503ServiceUnavailable, ProblemCodes.BackendUnavailable, "Backend unavailable",
                $"Backend '{cluster.ClusterId}' is failing and is not being called for now; retry later.", retryAfter);
    }

    private async Task ForwardAsync(HttpContext context, DestinationBreaker breaker)
    {
        var failed = true;
        try
        {
            await next(context);
            failed = ProxyOutcome.From(context).IsDestinationFailure;
        }
        finally
        {
            breaker.Record(failed);
        }
    }
}
