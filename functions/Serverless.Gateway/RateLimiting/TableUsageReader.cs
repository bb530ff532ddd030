using Microsoft.Extensions.Options;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Sums a tenant's shards straight from storage: one range query per policy (the tenant's keys share its partition)
/// and one each for today and this month. It needs no running limiter, so a CLI can use it.
/// </summary>
internal sealed class TableUsageReader(IRateLimitStore store, IOptions<RateLimitingOptions> options, TimeProvider time) : IUsageReader
{
    public async Task<TenantUsage> ReadAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var now = time.GetUtcNow();
        var settings = options.Value;
        var escaped = CounterKeys.Escape(tenant);
        var bucket = CounterKeys.Bucket(tenant, settings.Partitions);
        var windows = new List<WindowUsage>();
        foreach (var (name, policy) in settings.Policies.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            var family = new WindowFamily(name, policy);
            var period = family.PeriodOf(now);
            var rows = await ReadAsync(family.PartitionKey(bucket, period), escaped, cancellationToken);
            foreach (var key in rows.Where(row => row.Period >= period - 1).GroupBy(row => CounterKeys.KeyOf(row.RowKey)!, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal))
            {
                var current = key.Where(row => row.Period == period).ToList();
                var previous = key.Sum(row => row.Period == period ? row.PreviousAdmitted : row.Admitted);
                windows.Add(new WindowUsage(
                    name, CounterKeys.Unescape(key.Key), family.StartOf(period), family.Window, policy.Limit,
                    current.Sum(row => row.Admitted), current.Sum(row => row.Demand), previous, current.Count));
            }
        }

        var today = await ReadQuotaAsync(CalendarFamily.Day, bucket, escaped, now, cancellationToken);
        var thisMonth = await ReadQuotaAsync(CalendarFamily.Month, bucket, escaped, now, cancellationToken);
        return new TenantUsage(tenant, now, windows, today, thisMonth);
    }

    private async Task<QuotaUsage> ReadQuotaAsync(CalendarFamily family, int bucket, string escaped, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var period = family.PeriodOf(now);
        var rows = (await ReadAsync(family.PartitionKey(bucket, period), escaped, cancellationToken))
            .Where(row => CounterKeys.KeyOf(row.RowKey) == escaped)
            .ToList();
        return new QuotaUsage(family.StartOf(period), rows.Sum(row => row.Admitted), rows.Sum(row => row.Demand), rows.Count);
    }

    /// <summary>The rows of the tenant's key and of its sub-keys (<c>{tenant}/...</c>) in a partition.</summary>
    private async Task<IReadOnlyList<ShardRow>> ReadAsync(string partitionKey, string escaped, CancellationToken cancellationToken)
    {
        var (from, to) = CounterKeys.Range(escaped);
        var rows = await store.ReadRangeAsync(partitionKey, from, to, cancellationToken);
        return [.. rows.Where(row => CounterKeys.KeyOf(row.RowKey) is { } key && CounterKeys.IsKeyOrSubKey(key, escaped))];
    }
}
