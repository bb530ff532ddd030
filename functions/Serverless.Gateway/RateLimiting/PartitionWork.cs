namespace Serverless.Gateway.RateLimiting;

/// <summary>What one sync round does in one partition: sync the live counters in it, and write closed periods' final rows.</summary>
internal sealed class PartitionWork(string partitionKey, CounterFamily family)
{
    public string PartitionKey { get; } = partitionKey;

    public CounterFamily Family { get; } = family;

    /// <summary>Whether the partition holds quota rows, which are the billing record and never removed.</summary>
    public bool KeepsPeriods => Family.KeepsPeriods;

    public List<CounterState> Live { get; } = [];

    public List<(CounterState Counter, ShardRow Row)> Closed { get; } = [];
}
