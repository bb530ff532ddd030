using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Counts every request of a tenant in its UTC day and month, and enforces the plan's quotas with the same local
/// allowances and background sync as the rate limiter. The persisted rows sum to the exact count once flushed. Plans follow
/// configuration changes; a tenant's counters carry on, and a changed quota applies from its next request.
/// </summary>
internal sealed class DistributedQuotaTracker : IQuotaTracker, ICounterSource
{
    public const string Kind = "quota";

    private volatile FrozenDictionary<string, PlanQuotas> _plans;
    private readonly ConcurrentDictionary<string, TenantQuota> _tenants = new(StringComparer.Ordinal);
    private readonly RateLimitFleet _fleet;
    private readonly TimeProvider _time;
    private readonly RateLimitingMetrics _metrics;

    /// <summary>With plans fixed at <paramref name="options"/>, for simulations and tests that build the tracker themselves.</summary>
    internal DistributedQuotaTracker(IOptions<RateLimitingOptions> options, RateLimitFleet fleet, TimeProvider time, RateLimitingMetrics metrics)
    {
        _plans = Build(options.Value);
        _fleet = fleet;
        _time = time;
        _metrics = metrics;
    }

    public DistributedQuotaTracker(LiveRateLimitingOptions options, RateLimitFleet fleet, TimeProvider time, RateLimitingMetrics metrics)
    {
        _plans = Build(options.Current);
        _fleet = fleet;
        _time = time;
        _metrics = metrics;
        options.Changed += changed => _plans = Build(changed);
    }

    public QuotaDecision Acquire(string tenant, string plan)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!_plans.TryGetValue(plan, out var quotas))
        {
            throw new ArgumentException($"Plan '{plan}' is not configured under {RateLimitingOptions.SectionName}:Plans.", nameof(plan));
        }

        var now = _time.GetUtcNow();
        var local = !_fleet.IsStorageAvailable;
        while (true)
        {
            var quota = _tenants.GetOrAdd(tenant, static (key, state) => new TenantQuota(key, state.Fleet, state.Now), (Fleet: _fleet, Now: now));
            QuotaDecision decision;
            lock (quota.Gate)
            {
                if (quota.Day.IsEvicted)
                {
                    continue;
                }

                decision = Decide(quota, quotas, now, local);
            }

            _metrics.Decided(quotas.Name, Kind, decision.Reason, local);
            return decision;
        }
    }

    public void CountRefused(string tenant, string plan)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!_plans.TryGetValue(plan, out var quotas))
        {
            return;
        }

        var now = _time.GetUtcNow();
        while (true)
        {
            var quota = _tenants.GetOrAdd(tenant, static (key, state) => new TenantQuota(key, state.Fleet, state.Now), (Fleet: _fleet, Now: now));
            lock (quota.Gate)
            {
                if (quota.Day.IsEvicted)
                {
                    continue;
                }

                foreach (var (counter, limit) in (ReadOnlySpan<(CounterState, long)>)[(quota.Day, quotas.Daily), (quota.Month, quotas.Monthly)])
                {
                    counter.SetLimit(limit, _fleet);
                    counter.Advance(now, _fleet);
                    counter.Count(now);
                }

                return;
            }
        }
    }

    public void Collect(DateTimeOffset now, List<CounterState> due)
    {
        foreach (var (tenant, quota) in _tenants)
        {
            lock (quota.Gate)
            {
                if (quota.Day.IsIdle(now) && quota.Month.IsIdle(now))
                {
                    quota.Day.Evict();
                    quota.Month.Evict();
                    _tenants.TryRemove(new KeyValuePair<string, TenantQuota>(tenant, quota));
                    continue;
                }

                if (quota.Day.NeedsSync(now, _fleet))
                {
                    due.Add(quota.Day);
                }

                if (quota.Month.NeedsSync(now, _fleet))
                {
                    due.Add(quota.Month);
                }
            }
        }
    }

    private static FrozenDictionary<string, PlanQuotas> Build(RateLimitingOptions options) =>
        options.Plans.ToFrozenDictionary(entry => entry.Key, entry => new PlanQuotas(entry.Key, entry.Value), StringComparer.OrdinalIgnoreCase);

    private QuotaDecision Decide(TenantQuota quota, PlanQuotas plan, DateTimeOffset now, bool local)
    {
        var (day, month) = (quota.Day, quota.Month);
        day.SetLimit(plan.Daily, _fleet);
        month.SetLimit(plan.Monthly, _fleet);
        day.Advance(now, _fleet);
        month.Advance(now, _fleet);
        day.Count(now);
        month.Count(now);
        if (local && plan.FailsClosed && plan.IsLimited)
        {
            return Describe(plan, Tightest(day, month), now, RateLimitRejection.StorageUnavailable, !local) with { ResetAfter = _fleet.StorageRetryAfter };
        }

        if (!day.HasRoom || !month.HasRoom)
        {
            return Describe(plan, day.HasRoom ? month : day, now, RateLimitRejection.QuotaExceeded, !local);
        }

        day.Admit();
        month.Admit();
        return Describe(plan, Tightest(day, month), now, RateLimitRejection.None, !local);
    }

    private static CounterState? Tightest(CounterState day, CounterState month) =>
        (day.Limit, month.Limit) switch
        {
            (CounterState.Unlimited, CounterState.Unlimited) => null,
            (CounterState.Unlimited, _) => month,
            (_, CounterState.Unlimited) => day,
            _ => month.Remaining < day.Remaining ? month : day,
        };

    private static QuotaDecision Describe(PlanQuotas plan, CounterState? counter, DateTimeOffset now, RateLimitRejection reason, bool synced)
    {
        var allowed = reason == RateLimitRejection.None;
        if (counter is null)
        {
            return new QuotaDecision(allowed, plan.Name, QuotaPeriod.None, 0, 0, TimeSpan.Zero, TimeSpan.Zero, reason);
        }

        var family = (CalendarFamily)counter.Family;
        var end = family.EndOf(counter.Period);
        var decision = new QuotaDecision(
            allowed, plan.Name, family.Unit, counter.Limit, allowed ? counter.Remaining : 0, end - family.StartOf(counter.Period), end - now, reason);
        return allowed ? decision : decision with { Allowance = counter.Allowance, Admitted = counter.Admitted, IsSynced = synced };
    }
}
