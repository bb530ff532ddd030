using Serverless.Gateway.Forwarding.FleetHealth;
using Serverless.Gateway.Problems;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Runs after load balancing has picked one destination. The destination's circuit breaker admits the forward (an open
/// circuit answers 503 at once with <c>Retry-After</c>), and the outcome is counted both for the breaker and for the
/// fleet's shared record of destination health. One step does both so that a proxied request waits on the backend in
/// one async frame here, not two: each costs every request an allocation and a continuation.
/// </summary>
internal sealed class DestinationOutcomeMiddleware(RequestDelegate next, BackendResilience pipelines, FleetObservations observations)
{
    public Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        if (proxy.AvailableDestinations.Count != 1 || proxy.Route.Cluster is not { } cluster)
        {
            return next(context);
        }

        var destination = proxy.AvailableDestinations[0];
        var breaker = pipelines.GetBreaker(cluster, destination);
        var observed = observations.IsActive;
        if (breaker is null && !observed)
        {
            return next(context);
        }

        if (breaker is not null && !breaker.TryEnter(out var retryAfter))
        {
            return GatewayProblems.WriteAsync(
                context, StatusCodes.Status503ServiceUnavailable, ProblemCodes.BackendUnavailable, "Backend unavailable",
                $"Backend '{cluster.ClusterId}' is failing and is not being called for now; retry later.", retryAfter);
        }

        return ForwardAsync(context, breaker, cluster.ClusterId, observed ? destination.DestinationId : null);
    }

    private async Task ForwardAsync(HttpContext context, DestinationBreaker? breaker, string backend, string? observedDestination)
    {
        var failed = true;
        try
        {
            await next(context);
            failed = ProxyOutcome.From(context).IsDestinationFailure;
        }
        finally
        {
            breaker?.Record(failed);
        }

        if (observedDestination is not null && FleetObservations.Classify(context) is { } fleetFailed)
        {
            observations.Record(backend, observedDestination, fleetFailed);
        }
    }
}
