namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>What one partition, or the whole account, was asked for and served in one second of simulated time.</summary>
public sealed class StorageBucket
{
    /// <summary>Entities every operation asked for, throttled ones included (an operation that touches none counts one).</summary>
    public long AttemptedEntities { get; set; }

    public long AttemptedTransactions { get; set; }

    public long ServedEntities { get; set; }

    public long ServedTransactions { get; set; }

    public long ThrottledTransactions { get; set; }
}
