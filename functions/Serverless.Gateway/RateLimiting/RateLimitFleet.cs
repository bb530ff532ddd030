using Microsoft.Extensions.Options;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// What this instance knows about the others: how many are alive, whether storage answers, and how often to sync.
/// Written by the sync loop, read on the hot path.
/// </summary>
internal sealed class RateLimitFleet
{
    private readonly TimeSpan _storageTimeout;
    private int _incarnations;
    private volatile int _instances = 1;
    private volatile bool _isStorageAvailable = true;
    private long _intervalTicks;
    private long _roundGapTicks;

    public RateLimitFleet(IOptions<RateLimitingOptions> options)
        : this(options, CreateInstanceId())
    {
    }

    /// <summary>With a chosen instance id, for a simulation that must replay the same fleet run after run.</summary>
    internal RateLimitFleet(IOptions<RateLimitingOptions> options, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        InstanceId = instanceId;
        Partitions = settings.Partitions;
        Coordination = settings.Coordination;
        BaseInterval = settings.SyncInterval;
        _storageTimeout = settings.StorageTimeout;
        _intervalTicks = settings.SyncInterval.Ticks;
    }

    /// <summary>This process: its machine name and a random suffix, as a new process (or DI container) is a new instance.</summary>
    public string InstanceId { get; }

    public int Partitions { get; }

    public RateLimitCoordination Coordination { get; }

    /// <summary>The configured <see cref="RateLimitingOptions.SyncInterval"/>: the shortest interval.</summary>
    public TimeSpan BaseInterval { get; }

    /// <summary>
    /// The interval between rounds now: the configured one, or longer in coordinator mode when the fleet's size or a
    /// partition's rows would otherwise take storage past Azure's targets.
    /// </summary>
    public TimeSpan SyncInterval
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _intervalTicks));
        set => Interlocked.Exchange(ref _intervalTicks, Math.Max(BaseInterval.Ticks, value.Ticks));
    }

    /// <summary>
    /// How long a written row counts its instance as using the key, and so how long its reservation for the next period
    /// holds; also how long after its last request a counter keeps syncing. A row must outlive the gap between two writes
    /// even when a round takes the whole storage timeout, or the next period's reservation would lapse between rounds that
    /// keep their schedule; and between rounds that run late (<see cref="RoundGap"/>).
    /// </summary>
    public TimeSpan Lease => (2 * LateInterval) + _storageTimeout;

    /// <summary>
    /// The interval, or the last gap between rounds when that was longer, up to the interval and a storage timeout: a
    /// process that was paused for longer (a frozen container, a debugger) held nothing meanwhile, and a lease stretched
    /// by the pause would keep its counters from starting over with an even split.
    /// </summary>
    private TimeSpan LateInterval
    {
        get
        {
            var interval = SyncInterval;
            var gap = RoundGap;
            return gap <= interval ? interval : gap < interval + _storageTimeout ? gap : interval + _storageTimeout;
        }
    }

    /// <summary>
    /// How far apart this instance's last two rounds started: the interval, or more when rounds run late (a saturated
    /// machine, slow storage). A grant answers the row of the round before, so a lease measured by the interval alone
    /// would lapse between late rounds, and every window past it would start with nothing granted.
    /// </summary>
    public TimeSpan RoundGap
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _roundGapTicks));
        set => Interlocked.Exchange(ref _roundGapTicks, value.Ticks);
    }

    /// <summary>The time constant of the demand average by which instances share a budget.</summary>
    public TimeSpan WeightSmoothing => 2 * SyncInterval;

    /// <summary>
    /// When to retry a request refused because storage is unavailable: by then a few more rounds have tried it. Not the
    /// window or quota period end, which could be hours away.
    /// </summary>
    public TimeSpan StorageRetryAfter => Lease;

    public TimeSpan PresenceInterval => 4 * SyncInterval;

    public TimeSpan PresenceLease => (3 * PresenceInterval) + _storageTimeout;

    /// <summary>How long a coordinator's lease lasts from its last write: three rounds and a slow one.</summary>
    public TimeSpan CoordinatorLease => (3 * SyncInterval) + _storageTimeout;

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
