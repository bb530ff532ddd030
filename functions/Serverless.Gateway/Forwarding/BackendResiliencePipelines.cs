using System.Collections.Concurrent;
using System.Text.Json;
using Polly;
using Serverless.Gateway.Routing;
using Serverless.Gateway.Telemetry;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// The Polly pipelines of every backend and destination. A configuration reload rebuilds only the backends whose
/// resilience settings changed, so open circuits of untouched backends stay open.
/// </summary>
public sealed partial class BackendResiliencePipelines
{
    private readonly GatewayConfigMonitor _monitor;
    private readonly IDestinationHealthUpdater _healthUpdater;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BackendResiliencePipelines> _logger;
    private readonly ConcurrentDictionary<string, BackendEntry> _backends = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Backend, string Destination), DestinationBreaker> _breakers = new();

    public BackendResiliencePipelines(
        GatewayConfigMonitor monitor, IDestinationHealthUpdater healthUpdater, GatewayMetrics metrics, TimeProvider timeProvider,
        ILogger<BackendResiliencePipelines> logger)
    {
        _monitor = monitor;
        _healthUpdater = healthUpdater;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        monitor.Changed += OnConfigurationChanged;
    }

    public ResiliencePipeline<HttpResponseMessage> GetAttemptPipeline(string backendId) =>
        GetBackend(backendId)?.AttemptPipeline ?? ResiliencePipeline<HttpResponseMessage>.Empty;

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
        var now = _timeProvider.GetUtcNow();
        TimeSpan? soonest = null;
        foreach (var ((backend, _), breaker) in _breakers)
        {
            if (string.Equals(backend, backendId, StringComparison.OrdinalIgnoreCase) && breaker.OpenUntil is { } until && until > now)
            {
                var remaining = until - now;
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
        var pipeline = BackendPipelineFactory.CreateAttemptPipeline(
            options, () => _metrics.Retries.Add(1, new KeyValuePair<string, object?>(GatewayTelemetry.BackendTag, backendId)), _timeProvider);
        return new BackendEntry(options, JsonSerializer.Serialize(options), pipeline);
    }

    private DestinationBreaker CreateBreaker(ClusterState cluster, DestinationState destination, CircuitBreakerOptions options)
    {
        var breaker = new DestinationBreaker();
        breaker.Pipeline = BackendPipelineFactory.CreateBreakerPipeline(
            options,
            args =>
            {
                breaker.OpenUntil = _timeProvider.GetUtcNow() + args.BreakDuration;
                _healthUpdater.SetPassive(cluster, destination, DestinationHealth.Unhealthy, args.BreakDuration);
                RecordTransition(cluster.ClusterId, destination.DestinationId, "open");
                LogCircuitOpened(_logger, cluster.ClusterId, destination.DestinationId, args.BreakDuration);
                return default;
            },
            _ =>
            {
                breaker.OpenUntil = null;
                _healthUpdater.SetPassive(cluster, destination, DestinationHealth.Healthy, options.BreakDuration);
                RecordTransition(cluster.ClusterId, destination.DestinationId, "closed");
                LogCircuitClosed(_logger, cluster.ClusterId, destination.DestinationId);
                return default;
            },
            _ =>
            {
                RecordTransition(cluster.ClusterId, destination.DestinationId, "half_open");
                LogCircuitHalfOpened(_logger, cluster.ClusterId, destination.DestinationId);
                return default;
            },
            _timeProvider);
        return breaker;
    }

    private void RecordTransition(string backend, string destination, string state) =>
        _metrics.CircuitTransitions.Add(
            1,
            new KeyValuePair<string, object?>(GatewayTelemetry.BackendTag, backend),
            new KeyValuePair<string, object?>(GatewayTelemetry.DestinationTag, destination),
            new KeyValuePair<string, object?>("state", state));

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

    private sealed record BackendEntry(ResilienceOptions Options, string Fingerprint, ResiliencePipeline<HttpResponseMessage> AttemptPipeline);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Circuit opened for backend {Backend} destination {Destination}; it leaves the rotation for {BreakDuration}")]
    private static partial void LogCircuitOpened(ILogger logger, string backend, string destination, TimeSpan breakDuration);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Circuit half-open for backend {Backend} destination {Destination}; probing")]
    private static partial void LogCircuitHalfOpened(ILogger logger, string backend, string destination);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Circuit closed for backend {Backend} destination {Destination}")]
    private static partial void LogCircuitClosed(ILogger logger, string backend, string destination);
}
