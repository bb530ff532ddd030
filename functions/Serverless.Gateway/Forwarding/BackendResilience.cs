using System.Collections.Concurrent;
using System.Text.Json;
using Serverless.Gateway.Routing;
using Serverless.Gateway.Telemetry;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// The attempt policies of every backend and the circuit breakers of every destination. A configuration reload
/// rebuilds only the backends whose resilience settings changed, so open circuits of untouched backends stay open.
/// </summary>
public sealed class BackendResilience
{
    private readonly GatewayConfigMonitor _monitor;
    private readonly IDestinationHealthUpdater _healthUpdater;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BackendResilience> _logger;
    private readonly ConcurrentDictionary<string, BackendEntry> _backends = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Backend, string Destination), DestinationBreaker> _breakers = new();

    public BackendResilience(
        GatewayConfigMonitor monitor, IDestinationHealthUpdater healthUpdater, GatewayMetrics metrics, TimeProvider timeProvider,
        ILogger<BackendResilience> logger)
    {
        _monitor = monitor;
        _healthUpdater = healthUpdater;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        monitor.Changed += OnConfigurationChanged;
    }

    /// <summary>How a backend's attempts are timed and retried, or null for a backend that is not configured.</summary>
    public BackendAttemptPolicy? GetAttemptPolicy(string backendId) => GetBackend(backendId)?.AttemptPolicy;

    /// <summary>The breaker of one destination, or null when the backend has circuit breaking switched off.</summary>
    public DestinationBreaker? GetBreaker(ClusterState cluster, DestinationState destination)
    {
        if (_breakers.TryGetValue((cluster.ClusterId, destination.DestinationId), out var breaker))
        {
            return breaker;
        }

        var backend = GetBackend(cluster.ClusterId);
        if (backend is null || !backend.Options.CircuitBreaker.Enabled)
        {
            return null;
        }

        return _breakers.GetOrAdd((cluster.ClusterId, destination.DestinationId), static (_, state) => state.Self.CreateBreaker(state.Cluster, state.Destination, state.Options), (Self: this, Cluster: cluster, Destination: destination, Options: backend.Options.CircuitBreaker));
    }

    /// <summary>How long until the first open circuit of a backend lets a probe through; null when none is open.</summary>
    public TimeSpan? RetryAfter(string backendId)
    {
        TimeSpan? soonest = null;
        foreach (var ((backend, _), breaker) in _breakers)
        {
            if (string.Equals(backend, backendId, StringComparison.OrdinalIgnoreCase) && breaker.RemainingBreak is { } remaining)
            {
                soonest = soonest is null || remaining < soonest ? remaining : soonest;
            }
        }

        return soonest;
    }

    private BackendEntry? GetBackend(string backendId)
    {
        if (_backends.TryGetValue(backendId, out var entry))
        {
            return entry;
        }

        if (!_monitor.Current.Options.Backends.TryGetValue(backendId, out var options))
        {
            return null;
        }

        return _backends.GetOrAdd(backendId, id => CreateBackend(id, options.Resilience));
    }

    private BackendEntry CreateBackend(string backendId, ResilienceOptions options)
    {
        var policy = new BackendAttemptPolicy(
            options, _timeProvider, () => _metrics.Retries.Add(1, new KeyValuePair<string, object?>(GatewayTelemetry.BackendTag, backendId)));
        return new BackendEntry(options, JsonSerializer.Serialize(options), policy);
    }

    private DestinationBreaker CreateBreaker(ClusterState cluster, DestinationState destination, CircuitBreakerOptions options) =>
        new(options, _timeProvider, new DestinationHealthObserver(cluster, destination, options.BreakDuration, _healthUpdater, _metrics, _logger));

    private void OnConfigurationChanged(GatewayConfigSnapshot snapshot)
    {
        foreach (var (backendId, entry) in _backends)
        {
            if (!snapshot.Options.Backends.TryGetValue(backendId, out var options)
                || JsonSerializer.Serialize(options.Resilience) != entry.Fingerprint)
            {
                _backends.TryRemove(backendId, out _);
                foreach (var key in _breakers.Keys.Where(k => string.Equals(k.Backend, backendId, StringComparison.OrdinalIgnoreCase)))
                {
                    _breakers.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed record BackendEntry(ResilienceOptions Options, string Fingerprint, BackendAttemptPolicy AttemptPolicy);
}
