using Microsoft.Extensions.Options;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// What this instance knows about the others: how many are alive and whether storage answers. Written by the sync
/// loop, read on the hot path.
/// </summary>
internal sealed class RateLimitFleet
{
    private int _incarnations;
    private volatile int _instances = 1;
    private volatile bool _isStorageAvailable = true;

    public RateLimitFleet(IOptions<RateLimitingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        InstanceId = CreateInstanceId();
        Partitions = settings.Partitions;

        // A row must outlive the gap between two writes even when a round takes the whole storage timeout, or the next
        // period's reservation would lapse between rounds that keep their schedule.
        Lease = (2 * settings.SyncInterval) + settings.StorageTimeout;
        SyncInterval = settings.SyncInterval;
        WeightSmoothing = 2 * settings.SyncInterval;
        PresenceInterval = 4 * settings.SyncInterval;
        PresenceLease = (3 * PresenceInterval) + settings.StorageTimeout;
    }

    /// <summary>This process: its machine name and a random suffix, as a new process (or DI container) is a new instance.</summary>
    public string InstanceId { get; }

    public int Partitions { get; }

    /// <summary>
    /// How long a written row counts its instance as using the key, and so how long its reservation for the next period
    /// holds; also how long after its last request a counter keeps syncing.
    /// </summary>
    public TimeSpan Lease { get; }

    public TimeSpan SyncInterval { get; }

    /// <summary>The time constant of the demand average by which instances share a budget.</summary>
    public TimeSpan WeightSmoothing { get; }

    /// <summary>
    /// When to retry a request refused because storage is unavailable: by then a few more rounds have tried it. Not the
    /// window or quota period end, which could be hours away.
    /// </summary>
    public TimeSpan StorageRetryAfter => Lease;

    public TimeSpan PresenceInterval { get; }

    public TimeSpan PresenceLease { get; }

    /// <summary>Live instances at the last presence read, this one included; 1 until the first read.</summary>
    public int Instances
    {
        get => _instances;
        set => _instances = Math.Max(1, value);
    }

    /// <summary>False from a failed sync round until the next successful one.</summary>
    public bool IsStorageAvailable
    {
        get => _isStorageAvailable;
        set => _isStorageAvailable = value;
    }

    /// <summary>
    /// A counter's own row id. Each new counter (also one re-created after eviction) gets a new one, so it never overwrites
    /// a row with smaller counts: its old row stays and is summed like another instance's.
    /// </summary>
    public string NewShardId() => $"{InstanceId}.{Interlocked.Increment(ref _incarnations):x}";

    private static string CreateInstanceId()
    {
        var machine = new string([.. Environment.MachineName.Where(char.IsAsciiLetterOrDigit).Take(24)]);
        return $"{(machine.Length == 0 ? "instance" : machine)}-{Guid.NewGuid().ToString("N")[..12]}";
    }
}
