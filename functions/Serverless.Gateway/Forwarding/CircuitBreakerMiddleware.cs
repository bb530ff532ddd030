using Polly;
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

        // The outcome form with a pooled context: Polly's ExecuteAsync would wrap the callback in one more state machine.
        var resilience = ResilienceContextPool.Shared.Get(context.RequestAborted);
        Outcome<ProxyOutcome> outcome;
        try
        {
            outcome = await breaker.Pipeline.ExecuteOutcomeAsync(
                static async (_, state) =>
                {
                    try
                    {
                        await state.Next(state.Context);
                        return Outcome.FromResult(ProxyOutcome.From(state.Context));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<ProxyOutcome>(ex);
                    }
                },
                resilience,
                (Next: next, Context: context));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }

        if (outcome.Exception is BrokenCircuitException broken)
        {
            await GatewayProblems.WriteAsync(
                context, StatusCodes.Status503ServiceUnavailable, ProblemCodes.BackendUnavailable, "Backend unavailable",
                $"Backend '{cluster.ClusterId}' is failing and is not being called for now; retry later.",
                broken.RetryAfter ?? pipelines.RetryAfter(cluster.ClusterId) ?? TimeSpan.FromSeconds(1));
            return;
        }

        outcome.ThrowIfException();
    }
}
