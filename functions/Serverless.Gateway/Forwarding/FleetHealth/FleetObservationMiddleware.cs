namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// Runs after the circuit breaker, around the forward to the one destination load balancing picked, and counts its
/// outcome for the fleet's shared record of destination health. Requests the breaker refused never get here.
/// </summary>
internal sealed class FleetObservationMiddleware(RequestDelegate next, FleetObservations observations)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!observations.IsActive)
        {
            return next(context);
        }

        var proxy = context.GetReverseProxyFeature();
        return proxy.AvailableDestinations.Count != 1 || proxy.Route.Cluster is not { } cluster
            ? next(context)
            : ObserveAsync(context, cluster.ClusterId, proxy.AvailableDestinations[0].DestinationId);
    }

    private async Task ObserveAsync(HttpContext context, string backend, string destination)
    {
        await next(context);
        if (FleetObservations.Classify(context) is { } failed)
        {
            observations.Record(backend, destination, failed);
        }
    }
}
