using System.Collections.Concurrent;

namespace Serverless.Gateway.Forwarding.Canary;

/// <summary>The canary rollbacks of this instance, by backend id, for <c>/readyz</c>.</summary>
public sealed class CanaryRollbacks
{
    private readonly ConcurrentDictionary<string, RolledBackCanary> _rollbacks = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<RolledBackCanary> All => [.. _rollbacks.Values];

    internal void Add(RolledBackCanary rollback) => _rollbacks[rollback.Backend] = rollback;

    /// <summary>Forgets a backend's rollback once its split configuration changed: the new configuration starts afresh.</summary>
    internal void Forget(string backend, string splitConfiguration)
    {
        if (_rollbacks.TryGetValue(backend, out var rollback) && rollback.SplitConfiguration != splitConfiguration)
        {
            _rollbacks.TryRemove(new KeyValuePair<string, RolledBackCanary>(backend, rollback));
        }
    }
}
