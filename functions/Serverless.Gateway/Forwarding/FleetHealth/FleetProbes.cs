using System.Collections.Concurrent;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// The conclusions of this instance's own probes, per destination, with YARP's consecutive-failures rule: one success
/// says up, <c>FailureThreshold</c> failures in a row say down, fewer change nothing.
/// </summary>
internal sealed class FleetProbes
{
    private readonly ConcurrentDictionary<(string Backend, string Destination), Tracker> _trackers = new();

    /// <summary>When the destination's last probe started, or null when this instance never probed it.</summary>
    public DateTimeOffset? LastStarted(string backend, string destination) =>
        _trackers.TryGetValue((backend, destination), out var tracker) ? tracker.LastStarted : null;

    /// <summary>Marks a probe as started; false when one is still running.</summary>
    public bool TryStart(string backend, string destination, DateTimeOffset now)
    {
        var tracker = _trackers.GetOrAdd((backend, destination), static _ => new Tracker());
        lock (tracker)
        {
            if (tracker.Running)
            {
                return false;
            }

            tracker.Running = true;
            tracker.LastStarted = now;
            return true;
        }
    }

    public ProbeReading Completed(string backend, string destination, bool succeeded, int failureThreshold, DateTimeOffset now)
    {
        var tracker = _trackers.GetOrAdd((backend, destination), static _ => new Tracker());
        lock (tracker)
        {
            tracker.Running = false;
            if (succeeded)
            {
                tracker.ConsecutiveFailures = 0;
                tracker.Reading = new ProbeReading(ProbeStatus.Up, now);
            }
            else if (++tracker.ConsecutiveFailures >= failureThreshold)
            {
                tracker.Reading = new ProbeReading(ProbeStatus.Down, now);
            }

            return tracker.Reading;
        }
    }

    /// <summary>Drops the destination's conclusions: it now names another server.</summary>
    public void Forget(string backend, string destination) => _trackers.TryRemove((backend, destination), out _);

    /// <summary>This instance's latest conclusion, unless it is older than <paramref name="maxAge"/> (it stopped probing the destination).</summary>
    public ProbeReading Reading(string backend, string destination, DateTimeOffset now, TimeSpan maxAge)
    {
        if (!_trackers.TryGetValue((backend, destination), out var tracker))
        {
            return ProbeReading.None;
        }

        lock (tracker)
        {
            return tracker.Reading.At is { } at && now - at <= maxAge ? tracker.Reading : ProbeReading.None;
        }
    }

    private sealed class Tracker
    {
        public bool Running;
        public DateTimeOffset? LastStarted;
        public int ConsecutiveFailures;
        public ProbeReading Reading = ProbeReading.None;
    }
}
