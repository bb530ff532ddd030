namespace Serverless.Gateway.RateLimiting;

/// <summary>Reads a tenant's refusals of the last <see cref="TableRefusalStore.Retention"/> from storage, for operators.</summary>
public interface IRecentRefusalsReader
{
    /// <summary>The tenant's refusal summaries, newest minute first.</summary>
    Task<IReadOnlyList<RecentRefusal>> ReadAsync(string tenant, CancellationToken cancellationToken);
}
