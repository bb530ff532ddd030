using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Decides from this instance's counters alone, under a per-key lock, without I/O and, for a key it holds, without
/// allocating; <see cref="RateLimitSynchronizer"/> keeps the allowances in step with the other instances. Policies follow
/// configuration changes: an unchanged policy keeps its counters, a changed one counts afresh from the next request, and
/// the counters it replaced keep syncing until they are idle, so what they admitted is written.
/// </summary>
internal sealed class DistributedRateLimiter : IRateLimiter, ICounterSource
{
    public const string Kind = "rate";

    private readonly LiveRateLimitingOptions? _options;
    private readonly RateLimitFleet _fleet;
    private readonly TimeProvider _time;
    private readonly RateLimitingMetrics _metrics;
    private readonly Lock _changeGate = new();
    private volatile FrozenDictionary<string, PolicyCounters> _policies;
    private volatile PolicyCounters[] _retired = [];

    /// <summary>With policies fixed at <paramref name="options"/>, for simulations and tests that build the limiter themselves.</summary>
    internal DistributedRateLimiter(IOptions<RateLimitingOptions> options, RateLimitFleet fleet, TimeProvider time, RateLimitingMetrics metrics)
    {
        _policies = Build(options.Value, FrozenDictionary<string, PolicyCounters>.Empty);
        _fleet = fleet;
        _time = time;
        _metrics = metrics;
    }

    public DistributedRateLimiter(LiveRateLimitingOptions options, RateLimitFleet fleet, TimeProvider time, RateLimitingMetrics metrics)
    {
        _policies = Build(options.Current, FrozenDictionary<string, PolicyCounters>.Empty);
        _options = options;
        _fleet = fleet;
        _time = time;
        _metrics = metrics;
        options.Changed += Change;
    }

    public RateLimitDecision Acquire(string policyName, string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        if (!_policies.TryGetValue(policyName, out var policy) && !Refreshed(policyName, out policy))
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
            Collect(policy, now, due);
        }

        var retired = _retired;
        foreach (var policy in retired)
        {
            Collect(policy, now, due);
        }

        if (retired.Any(static policy => policy.Counters.IsEmpty))
        {
            lock (_changeGate)
            {
                _retired = [.. _retired.Where(static policy => !policy.Counters.IsEmpty)];
            }
        }
    }

    /// <summary>
    /// A route of a new configuration can name a policy of the same change before this limiter heard of it (each listener
    /// of a configuration change runs in turn): read the change now rather than fail the request.
    /// </summary>
    private bool Refreshed(string policyName, out PolicyCounters policy)
    {
        _options?.Refresh();
        return _policies.TryGetValue(policyName, out policy!);
    }

    private static FrozenDictionary<string, PolicyCounters> Build(RateLimitingOptions options, FrozenDictionary<string, PolicyCounters> previous) =>
        options.Policies.ToFrozenDictionary(
            entry => entry.Key,
            entry => previous.TryGetValue(entry.Key, out var kept) && kept.Matches(entry.Value) ? kept : new PolicyCounters(entry.Key, entry.Value),
            StringComparer.OrdinalIgnoreCase);

    private void Change(RateLimitingOptions options)
    {
        lock (_changeGate)
        {
            var previous = _policies;
            var next = Build(options, previous);
            var replaced = previous.Values.Where(policy => !next.Values.Contains(policy));
            _retired = [.. _retired, .. replaced];
            _policies = next;
        }
    }

    private void Collect(PolicyCounters policy, DateTimeOffset now, List<CounterState> due)
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
