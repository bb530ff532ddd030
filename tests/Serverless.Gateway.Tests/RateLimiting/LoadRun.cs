namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>What a paced load run did: requests issued and admitted over all instances, and the storage operations meanwhile.</summary>
public sealed record LoadRun(long Issued, long Admitted, long StorageOperations, TimeSpan Duration)
{
    public double OperationsPerSecond => StorageOperations / Duration.TotalSeconds;
}
