namespace Serverless.Gateway.RateLimiting;

/// <summary>A tenant's day and month counters on this instance, under one lock so a request counts in both or in neither.</summary>
internal sealed class TenantQuota
{
    public TenantQuota(string tenant, RateLimitFleet fleet, DateTimeOffset now)
    {
        var shardId = fleet.NewShardId();
        Day = new CounterState(CalendarFamily.Day, tenant, shardId, fleet.Partitions, CounterState.Unlimited, Gate, now);
        Month = new CounterState(CalendarFamily.Month, tenant, shardId, fleet.Partitions, CounterState.Unlimited, Gate, now);
    }

    public Lock Gate { get; } = new();

    public CounterState Day { get; }

    public CounterState Month { get; }
}
