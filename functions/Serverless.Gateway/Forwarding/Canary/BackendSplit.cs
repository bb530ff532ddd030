using Serverless.Gateway.Auth;
using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Model;

namespace Serverless.Gateway.Forwarding.Canary;

/// <summary>
/// A backend's groups compiled for the hot path: which group a request goes to (override header, then targets, then
/// the sticky key's bucket against the cumulative weights; a rolled-back canary's share goes to the stable group), and
/// the available destinations narrowed to that group.
/// </summary>
internal sealed class BackendSplit
{
    private readonly Dictionary<string, int> _groupIndex;
    private readonly int[] _bucketGroups = new int[StickyHash.Buckets];
    private readonly uint _seed;
    private readonly StickyKind _sticky;
    private readonly string? _stickyHeader;
    private readonly string _overrideHeader;
    private readonly SplitTarget[] _targets;
    private readonly DestinationNarrowing[] _narrowings;
    private readonly DestinationNarrowing? _withoutCanary;

    public BackendSplit(string backend, BackendSplitConfig config, string json, CanaryRollbackContext context)
    {
        var names = config.Groups.Keys.Order(StringComparer.OrdinalIgnoreCase).ToArray();
        _groupIndex = names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.OrdinalIgnoreCase);
        _narrowings = names.Select(name => new DestinationNarrowing(config.Groups[name].Destinations.ToHashSet(StringComparer.OrdinalIgnoreCase))).ToArray();
        var bucket = 0;
        for (var i = 0; i < names.Length; i++)
        {
            for (var w = 0; w < config.Groups[names[i]].Weight && bucket < StickyHash.Buckets; w++)
            {
                _bucketGroups[bucket++] = i;
            }
        }

        _seed = StickyHash.Seed(backend);
        var split = config.Split;
        (_sticky, _stickyHeader) = split.StickyBy.StartsWith(BackendSplitValidator.HeaderPrefix, StringComparison.OrdinalIgnoreCase)
            ? (StickyKind.Header, split.StickyBy[BackendSplitValidator.HeaderPrefix.Length..])
            : (Enum.Parse<StickyKind>(split.StickyBy, ignoreCase: true), null);
        _overrideHeader = split.OverrideHeader;
        _targets = split.Targets.Select(t => new SplitTarget(
            t.Tenants.ToHashSet(StringComparer.Ordinal), t.Plans.ToHashSet(StringComparer.OrdinalIgnoreCase), _groupIndex[t.Group!])).ToArray();

        if (split.Rollback is { Enabled: true } rollback)
        {
            Rollback = new CanaryRollback(backend, json, rollback, _groupIndex[rollback.Group!], _groupIndex[rollback.Against!], context);
            _withoutCanary = new DestinationNarrowing(config.Groups
                .Where(g => !g.Key.Equals(rollback.Group, StringComparison.OrdinalIgnoreCase))
                .SelectMany(g => g.Value.Destinations).ToHashSet(StringComparer.OrdinalIgnoreCase));
        }
    }

    public CanaryRollback? Rollback { get; }

    public int Choose(HttpContext context)
    {
        var group = ChooseIgnoringRollback(context);
        return Rollback is { IsRolledBack: true } rollback && group == rollback.Canary ? rollback.Stable : group;
    }

    /// <summary>
    /// Narrows the available destinations to the group's, and says whether it could. When none of them is available
    /// (all unhealthy or their circuits open), availability wins over stickiness: the other groups serve, a rolled-back
    /// canary excepted.
    /// </summary>
    public bool Narrow(IReverseProxyFeature proxy, int group)
    {
        var available = proxy.AvailableDestinations;
        var narrowed = _narrowings[group].Apply(available);
        if (narrowed.Count > 0)
        {
            proxy.AvailableDestinations = narrowed;
            return true;
        }

        if (Rollback is { IsRolledBack: true } && _withoutCanary!.Apply(available) is { Count: > 0 } rest)
        {
            proxy.AvailableDestinations = rest;
        }

        return false;
    }

    private int ChooseIgnoringRollback(HttpContext context)
    {
        if (context.Request.Headers.TryGetValue(_overrideHeader, out var pinned) && pinned.Count == 1
            && _groupIndex.TryGetValue(pinned[0]!, out var pinnedGroup))
        {
            return pinnedGroup;
        }

        var identity = context.Features.Get<CallerIdentityFeature>()?.Identity;
        if (identity is not null)
        {
            foreach (var target in _targets)
            {
                if (target.Tenants.Contains(identity.Tenant) || target.Plans.Contains(identity.Plan))
                {
                    return target.Group;
                }
            }
        }

        ReadOnlySpan<char> key = _sticky switch
        {
            StickyKind.Tenant => identity?.Tenant,
            StickyKind.Subject => identity?.Subject,
            StickyKind.ApiKey => identity is null ? null : identity.Scheme == CallerIdentity.ApiKeyScheme ? identity.Subject : identity.Tenant,
            _ => context.Request.Headers.TryGetValue(_stickyHeader!, out var values) && values.Count > 0 ? values[0] : null,
        };
        var bucket = key.IsEmpty ? StickyHash.Bucket(_seed, context.Connection.RemoteIpAddress) : StickyHash.Bucket(_seed, key);
        return _bucketGroups[bucket];
    }
}
