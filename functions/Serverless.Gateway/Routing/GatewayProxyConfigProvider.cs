using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Routing;

/// <summary>Feeds YARP from <see cref="GatewayConfigMonitor"/>; YARP swaps routes without dropping in-flight requests.</summary>
public sealed class GatewayProxyConfigProvider : IProxyConfigProvider
{
    private volatile ProxyConfig _config;

    public GatewayProxyConfigProvider(GatewayConfigMonitor monitor, HealthProbeMode probeMode)
    {
        ArgumentNullException.ThrowIfNull(probeMode);
        var sharedProbes = probeMode.SharedByFleet;
        _config = new ProxyConfig(monitor.Current, sharedProbes);
        monitor.Changed += snapshot =>
        {
            var previous = _config;
            _config = new ProxyConfig(snapshot, sharedProbes);
            previous.SignalChange();
        };
    }

    public IProxyConfig GetConfig() => _config;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "YARP may still hold the change token after the config is replaced; the source is cancelled once and left to the GC.")]
    private sealed class ProxyConfig(GatewayConfigSnapshot snapshot, bool sharedProbes) : IProxyConfig
    {
        private readonly CancellationTokenSource _changed = new();

        public string RevisionId { get; } = snapshot.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public IReadOnlyList<RouteConfig> Routes { get; } = YarpConfigMapper.MapRoutes(snapshot.Options);

        public IReadOnlyList<ClusterConfig> Clusters { get; } = YarpConfigMapper.MapClusters(snapshot.Options, sharedProbes);

        public IChangeToken ChangeToken => new CancellationChangeToken(_changed.Token);

        public void SignalChange() => _changed.Cancel();
    }
}
