namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// The <c>FleetHealth</c> section: how instances share what they see of backend destinations through a table of the
/// storage account, so a destination failing on the fleet as a whole leaves the rotation on every instance.
/// </summary>
public sealed class FleetHealthOptions
{
    public const string SectionName = "FleetHealth";

    /// <summary>
    /// Whether destination health is shared. Default: unset, which means on when the <c>AzureWebJobsStorage</c>
    /// connection is configured and off otherwise; <c>false</c> keeps every instance judging its destinations alone.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// How often each instance writes its observations (and, as a prober, its verdicts) and reads the fleet's verdicts;
    /// also the length of one observation bucket. Default 2 seconds.
    /// </summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The window over which the fleet's failure ratio is judged against each backend's circuit breaker
    /// <c>FailureRatio</c> and <c>MinimumThroughput</c>. Default 10 seconds.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each instance renews its presence row and reads the live instances. Default 10 seconds.</summary>
    public TimeSpan PresenceInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A round slower than this is abandoned and counts as a storage failure. Default 2 seconds.</summary>
    public TimeSpan StorageTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Instances that judge each destination for the fleet and, when its backend has <c>HealthProbe</c> on, probe it.
    /// Default 2.
    /// </summary>
    public int Probers { get; set; } = 2;

    /// <summary>The table holding the shared records. Default <c>FleetHealth</c>.</summary>
    public string Table { get; set; } = "FleetHealth";

    /// <summary>How long a row counts after it was written: three rounds and a slow one.</summary>
    internal TimeSpan RowLease => (3 * SyncInterval) + StorageTimeout;

    /// <summary>How long a presence row counts after it was written: two presence rounds and a slow one.</summary>
    internal TimeSpan PresenceLease => (2 * PresenceInterval) + StorageTimeout;
}
