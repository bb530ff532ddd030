using System.Runtime.CompilerServices;
using System.Text.Json;
using Serverless.Gateway.Routing;
using Serverless.Gateway.Telemetry;
using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Forwarding.Canary;

/// <summary>
/// Compiles a backend's split once per cluster configuration object. YARP keeps the same <see cref="ClusterConfig"/>
/// until the backend changes, so a rollback lives exactly as long as the backend's configuration: a change of it
/// starts a fresh split with fresh outcome windows.
/// </summary>
public sealed class BackendSplitResolver
{
    private readonly ConditionalWeakTable<ClusterConfig, BackendSplit>.CreateValueCallback _create;
    private readonly ConditionalWeakTable<ClusterConfig, BackendSplit> _cache = [];
    private readonly CanaryRollbackContext _context;

    public BackendSplitResolver(CanaryRollbacks rollbacks, GatewayMetrics metrics, ILogger<BackendSplitResolver> logger, TimeProvider time)
    {
        _context = new CanaryRollbackContext(rollbacks, metrics, logger, time);
        _create = Create;
    }

    internal TimeProvider Time => _context.Time;

    internal BackendSplit? Resolve(ClusterConfig? cluster) =>
        cluster?.Metadata is { } metadata && metadata.ContainsKey(YarpConfigMapper.SplitMetadata) ? _cache.GetValue(cluster, _create) : null;

    private BackendSplit Create(ClusterConfig cluster)
    {
        var json = cluster.Metadata![YarpConfigMapper.SplitMetadata];
        var config = JsonSerializer.Deserialize<BackendSplitConfig>(json)
            ?? throw new InvalidOperationException($"Backend '{cluster.ClusterId}' has split metadata that is not a split configuration.");
        _context.Rollbacks.Forget(cluster.ClusterId, json);
        return new BackendSplit(cluster.ClusterId, config, json, _context);
    }
}
