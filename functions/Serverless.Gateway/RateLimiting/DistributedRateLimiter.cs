using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Decides from this instance's counters alone, under a per-key lock, without I/O and, for a key it holds, without
/// allocating; <see cref="RateLimitSynchronizer"/> keeps the allowances in step with the other instances.
/// </summary>
internal sealed class DistributedRateLimiter : IRateLimiter, ICounterSource
{
    public const string Kind = "rate";

    private readonly FrozenDictionary<string, PolicyCounters> _policies;
    private readonly RateLimitFleet _fleet;
    private readonly TimeProvider _time;
    private readonly RateLimitingMetrics _metrics;

    public DistributedRateLimiter(IOptions<RateLimitingOptions> options, RateLimitFleet fleet, TimeProvider time, RateLimitingMetrics metrics)
    {
        _policies = options.Value.Policies.ToFrozenDictionary(
            entry => entry.Key, entry => new PolicyCounters(entry.Key, entry.Value), StringComparer.OrdinalIgnoreCase);
        _fleet = fleet;
        _time = time;
        _metrics = metrics;
    }

    public RateLimitDecision Acquire(string policyName, string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        if (!_policies.TryGetValue(policyName, out var policy))
        {
            throw new ArgumentException($"Rate-limit policy '{policyName}' is not configured under {RateLimitingOptions.SectionName}:Policies.", nameof(policyName));
        }

        var now = _time.GetUtcNow();
        var local = !_fleet.IsStorageAvailable;
        while (true)
        {
            var counter = policy.Counters.GetOrAdd(
                partitionKey, static (key, state) => state.Policy.Create(key, state.Fleet, state.Now), (Policy: policy, Fleet: _fleet, Now: now));
            RateLimitDecision decision;
            lock (counter.Gate)
            {
                if (counter.IsEvicted)
                {
                    continue;
                }

                counter.Advance(now, _fleet);
                counter.Count(now);
                var reason = (local && policy.FailsClosed) ? RateLimitRejection.StorageUnavailable
                    : counter.HasRoom ? RateLimitRejection.None
                    : RateLimitRejection.RateLimited;
                if (reason == RateLimitRejection.None)
                {
                    counter.Admit();
                }

                var resetAfter = reason == RateLimitRejection.StorageUnavailable ? _fleet.StorageRetryAfter : policy.Family.EndOf(counter.Period) - now;
                decision = new RateLimitDecision(
                    reason == RateLimitRejection.None, policy.Name, policy.Limit, reason == RateLimitRejection.None ? counter.Remaining : 0,
                    policy.Family.Window, resetAfter, reason);
                if (reason != RateLimitRejection.None)
                {
                    decision = decision with { Allowance = counter.Allowance, Admitted = counter.Admitted, IsSynced = !local };
                }
            }

            _metrics.Decided(policy.Name, Kind, decision.Reason, local);
            return decision;
        }
    }

    public void Collect(DateTimeOffset now, List<CounterState> due)
    {
        foreach (var policy in _policies.Values)
        {
            foreach (var (key, counter) in policy.Counters)
            {
                lock (counter.Gate)
                {
                    if (counter.IsIdle(now))
                    {
                        counter.Evict();
                        policy.Counters.TryRemove(new KeyValuePair<string, CounterState>(key, counter));
                    }
                    else if (counter.NeedsSync(now, _fleet))
                    {
                        due.Add(counter);
                    }
                }
            }
        }
    }
}
