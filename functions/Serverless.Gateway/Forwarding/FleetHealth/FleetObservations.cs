using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// What this instance saw of each destination it forwarded to, in buckets of one sync interval, for the shared record.
/// Only the destination's own failures count against it: a caller that went away, or a request the client spoiled (a
/// body over the limit, a header that cannot be sent), counts neither way, and the gateway's own refusals (rate limits,
/// authentication) never reach a destination at all.
/// </summary>
internal sealed class FleetObservations(FleetHealthActivation activation, IOptions<FleetHealthOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Backend, string Destination), DestinationObservations> _destinations = new();
    private readonly long _bucketMilliseconds = Math.Max(1, (long)options.Value.SyncInterval.TotalMilliseconds);

    /// <summary>Buckets in the window, plus the current one that is still filling.</summary>
    private readonly int _windowBuckets = (int)Math.Ceiling(options.Value.Window / options.Value.SyncInterval) + 1;

    public bool IsActive => activation.IsActive;

    public long BucketMilliseconds => _bucketMilliseconds;

    /// <summary>
    /// The outcome of one forwarded request as the fleet counts it: true for the destination's failure (it could not be
    /// reached, failed mid-exchange, timed out, or answered 500, 502, 503 or 504), false for an answer, null when it
    /// says nothing about the destination.
    /// </summary>
    public static bool? Classify(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true)
        {
            return true;
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }

        var outcome = ProxyOutcome.From(context);
        return outcome.Error == ForwarderError.None || outcome.IsDestinationFailure ? outcome.IsDestinationFailure : null;
    }

    public void Record(string backend, string destination, bool failed)
    {
        var observations = _destinations.GetOrAdd((backend, destination), static (_, length) => new DestinationObservations(length), _windowBuckets + 1);
        observations.Record(EpochOf(time.GetUtcNow()), failed);
    }

    /// <summary>Drops what was counted of the destination: it now names another server.</summary>
    public void Forget(string backend, string destination) => _destinations.TryRemove((backend, destination), out _);

    /// <summary>This instance's row for the destination, or null when it forwarded nothing there within the window.</summary>
    public ObservationRow? Snapshot(string backend, string destination, string instance, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        if (!_destinations.TryGetValue((backend, destination), out var observations)
            || observations.Snapshot(EpochOf(now), _windowBuckets) is not { } counts)
        {
            return null;
        }

        return new ObservationRow(backend, destination, instance, _bucketMilliseconds, EpochOf(now), counts.Successes, counts.Failures, leaseUntil);
    }

    private long EpochOf(DateTimeOffset now) => now.ToUnixTimeMilliseconds() / _bucketMilliseconds;
}
