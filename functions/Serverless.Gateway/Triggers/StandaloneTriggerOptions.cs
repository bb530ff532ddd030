namespace Serverless.Gateway.Triggers;

/// <summary>Switches for the standalone trigger runtime, bound from the <c>Functions:Triggers</c> section.</summary>
public sealed class StandaloneTriggerOptions
{
    public const string SectionName = "Functions:Triggers";

    /// <summary>
    /// Whether queue and timer functions run in standalone mode. Default true; false leaves a pure HTTP gateway that
    /// needs no storage (the function.json files are still checked). One function alone is switched off with
    /// the host's own <c>AzureWebJobs.&lt;FunctionName&gt;.Disabled=true</c>.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a received queue message stays hidden from other consumers while it runs: the host's own lease, ten
    /// minutes by default. It is also how long a message of a crashed instance waits before another instance gets it,
    /// so a short lease recovers faster but must outlast the longest invocation, as leases are not renewed.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MessageLease { get; set; } = TimeSpan.FromMinutes(10);
}
