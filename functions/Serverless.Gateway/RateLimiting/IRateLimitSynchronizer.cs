namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// The exchange of counts between this instance and storage. A background service runs it every
/// <see cref="RateLimitingOptions.SyncInterval"/> and once more at stop; tools and tests can run a round themselves.
/// </summary>
public interface IRateLimitSynchronizer
{
    /// <summary>This process's id in storage rows.</summary>
    string InstanceId { get; }

    /// <summary>Instances seen alive at the last presence read, this one included.</summary>
    int LiveInstances { get; }

    /// <summary>The time between rounds now: the configured interval, or longer when the fleet must spare storage.</summary>
    TimeSpan Interval { get; }

    /// <summary>False from a failed round until the next successful one; decisions are local-only meanwhile.</summary>
    bool IsStorageAvailable { get; }

    /// <summary>
    /// Reads the other instances' counts of every key in use, sets this instance's allowances, and writes its own counts.
    /// Returns false, without throwing, if storage failed or took longer than <see cref="RateLimitingOptions.StorageTimeout"/>.
    /// </summary>
    Task<bool> SyncAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A round that writes every count now, even where the interval the fleet's size asks for has not passed since the last:
    /// the one at stop, so no admitted request goes uncounted.
    /// </summary>
    Task<bool> FlushAsync(CancellationToken cancellationToken);
}
