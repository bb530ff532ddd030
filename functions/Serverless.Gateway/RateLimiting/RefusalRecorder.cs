using System.Collections.Concurrent;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Sums the refusals of tenants in memory by tenant, route, policy or quota and minute, for <see cref="RefusalFlushService"/>
/// to write: no I/O, and under a flood no allocation per refusal (one summary per key and minute). At most
/// <see cref="MaxSummaries"/> summaries wait to be written; refusals beyond are counted and reported, not kept. The first
/// refusal of each summary is logged with its explanation, so the log gets at most one line per tenant, route, policy
/// and minute on an instance.
/// </summary>
public sealed class RefusalRecorder(TimeProvider time, ILogger<RefusalRecorder> logger)
{
    public const int MaxSummaries = 1000;

    private readonly ConcurrentDictionary<RefusalKey, RefusalSummary> _summaries = new();
    private int _count;
    private long _dropped;

    public void Record(string tenant, string route, in RefusalExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(route);
        var key = new RefusalKey(tenant, route, explanation.Policy, explanation.Period, time.GetUtcNow().ToUnixTimeSeconds() / 60);
        if (!_summaries.TryGetValue(key, out var summary))
        {
            if (Volatile.Read(ref _count) >= MaxSummaries)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }

            var created = new RefusalSummary();
            if (_summaries.TryAdd(key, created))
            {
                Interlocked.Increment(ref _count);
            }

            summary = _summaries.TryGetValue(key, out var existing) ? existing : created;
        }

        if (summary.Add(explanation))
        {
            logger.FirstRefusal(
                tenant, route, explanation.Kind, explanation.Policy, explanation.Limit, explanation.Window, explanation.Allowance, explanation.Admitted,
                explanation.IsSynced ? "synced" : "local", explanation.Code);
        }
    }

    /// <summary>The summaries with refusals not written yet.</summary>
    internal List<(RefusalKey Key, RefusalSummary Summary, long Count, RefusalExplanation Last)> Unwritten()
    {
        var unwritten = new List<(RefusalKey, RefusalSummary, long, RefusalExplanation)>();
        foreach (var (key, summary) in _summaries)
        {
            var (count, last, isWritten) = summary.Read();
            if (!isWritten)
            {
                unwritten.Add((key, summary, count, last));
            }
        }

        return unwritten;
    }

    /// <summary>Forgets the summaries of minutes before <paramref name="currentMinute"/> once everything they counted is written.</summary>
    internal void Prune(long currentMinute)
    {
        foreach (var (key, summary) in _summaries)
        {
            if (key.Minute < currentMinute && summary.Read().IsWritten && _summaries.TryRemove(new KeyValuePair<RefusalKey, RefusalSummary>(key, summary)))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }

    /// <summary>Refusals not kept since the last call because <see cref="MaxSummaries"/> summaries were waiting.</summary>
    internal long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);
}
