using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.Forwarding.FleetHealth;
using Serverless.Gateway.Health;
using Serverless.Gateway.Routing;
using Serverless.Gateway.Telemetry;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Serverless.Gateway.Tests.Forwarding.FleetHealth;

/// <summary>
/// One gateway instance's fleet health parts, wired by hand around a shared store and clock: what a test drives round
/// by round instead of through processes. YARP itself is not there; the verdicts in force are read directly.
/// </summary>
internal sealed class FleetNode : IDisposable
{
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly GatewayConfigMonitor _monitor;
    private readonly IConfigurationRoot _configuration;

    public FleetNode(InMemoryFleetHealthStore store, FakeTimeProvider time, IReadOnlyDictionary<string, string?> settings, FleetHealthOptions? options = null)
    {
        var configuration = _configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var fleetOptions = Options.Create(options ?? new FleetHealthOptions { Enabled = true, PresenceInterval = TimeSpan.FromSeconds(2) });
        var meters = _metrics.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var gatewayMetrics = new GatewayMetrics(meters);
        _monitor = new GatewayConfigMonitor(configuration, gatewayMetrics, NullLogger<GatewayConfigMonitor>.Instance);
        Membership = new FleetMembership(fleetOptions);
        Observations = new FleetObservations(new FleetHealthActivation(fleetOptions, configuration), fleetOptions, time);
        Probes = new FleetProbes();
        Verdicts = new FleetVerdicts();
        var rotation = new FleetRotation(
            Verdicts, new NoProxyState(), new NoDestinationsUpdater(), new FleetHealthMetrics(meters, Verdicts), time, NullLogger<FleetRotation>.Instance);
        Synchronizer = new FleetHealthSynchronizer(
            store, Observations, Membership, Probes, Verdicts, rotation, _monitor, fleetOptions, time,
            new DependencyHealth(gatewayMetrics, time, NullLogger<DependencyHealth>.Instance));
    }

    public FleetMembership Membership { get; }

    public FleetObservations Observations { get; }

    public FleetProbes Probes { get; }

    public FleetVerdicts Verdicts { get; }

    public FleetHealthSynchronizer Synchronizer { get; }

    public string Id => Membership.InstanceId;

    public bool IsOut(string backend, string destination) => Verdicts.IsOut(backend, destination);

    public void Record(string backend, string destination, int successes, int failures)
    {
        for (var i = 0; i < successes; i++)
        {
            Observations.Record(backend, destination, failed: false);
        }

        for (var i = 0; i < failures; i++)
        {
            Observations.Record(backend, destination, failed: true);
        }
    }

    public Task<bool> SyncAsync() => Synchronizer.SyncAsync(CancellationToken.None);

    /// <summary>Changes one setting and reloads, as an edited file or a published revision does.</summary>
    public void Reconfigure(string key, string value)
    {
        _configuration[key] = value;
        _configuration.Reload();
    }

    public void Dispose()
    {
        Synchronizer.Dispose();
        _monitor.Dispose();
        _metrics.Dispose();
    }

    private sealed class NoProxyState : IProxyStateLookup
    {
        public IEnumerable<RouteModel> GetRoutes() => [];

        public IEnumerable<ClusterState> GetClusters() => [];

        public bool TryGetRoute(string id, [NotNullWhen(true)] out RouteModel? route)
        {
            route = null;
            return false;
        }

        public bool TryGetCluster(string id, [NotNullWhen(true)] out ClusterState? cluster)
        {
            cluster = null;
            return false;
        }
    }

    private sealed class NoDestinationsUpdater : IClusterDestinationsUpdater
    {
        public void UpdateAvailableDestinations(ClusterState cluster)
        {
        }

        public void UpdateAllDestinations(ClusterState cluster)
        {
        }
    }
}
