using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Forwarding.Canary;

/// <summary>
/// Runs right before load balancing: for a backend with groups, narrows the destinations to the request's group, so
/// the backend's load-balancing policy, health and circuit breakers work within the group. With rollback on, it
/// records the outcome and latency of requests to the canary and stable groups.
/// </summary>
public sealed class BackendSplitMiddleware(RequestDelegate next, BackendSplitResolver resolver)
{
    public Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        if (resolver.Resolve(proxy.Cluster?.Config) is not { } split)
        {
            return next(context);
        }

        var group = split.Choose(context);
        var served = split.Narrow(proxy, group);

        // Only requests the group's own destinations serve tell anything about the group.
        return served && split.Rollback is { } rollback && rollback.Watches(group) ? WatchAsync(context, rollback, group) : next(context);
    }

    private async Task WatchAsync(HttpContext context, CanaryRollback rollback, int group)
    {
        var time = resolver.Time;
        var started = time.GetTimestamp();
        var failed = true;
        try
        {
            await next(context);
            var outcome = ProxyOutcome.From(context);
            failed = outcome.Error == ForwarderError.None ? outcome.StatusCode >= StatusCodes.Status500InternalServerError : outcome.IsDestinationFailure;
        }
        finally
        {
            // A caller that went away says nothing about the group.
            if (!context.RequestAborted.IsCancellationRequested)
            {
                var ended = time.GetTimestamp();
                rollback.Record(group, failed, time.GetElapsedTime(started, ended), ended);
            }
        }
    }
}
