namespace Serverless.Gateway.Health;

/// <summary>One dependency's current run of failures.</summary>
internal sealed class DependencyOutage(DateTimeOffset since)
{
    private long _failures;

    public DateTimeOffset Since { get; } = since;

    public long Failures => Interlocked.Read(ref _failures);

    /// <returns>The number of failures so far, this one included.</returns>
    public long RecordFailure() => Interlocked.Increment(ref _failures);
}
