using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// One simulated gateway instance: the gateway's own rate limiting (<c>AddGatewayRateLimiting</c>) in a DI container
/// of its own, so with its own instance id, counters and sync, on the fleet's clock and store. Its background services
/// are never started: the simulation runs its rounds on its schedule and sends it requests.
/// </summary>
public sealed class FleetNode : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly Dictionary<long, int> _fewestLive = [];

    private FleetNode(int index, ServiceProvider services, SimulatedRateLimitStore store, int keys)
    {
        Index = index;
        _services = services;
        Store = store;
        Limiter = services.GetRequiredService<IRateLimiter>();
        Sync = services.GetRequiredService<IRateLimitSynchronizer>();
        Options = services.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
        LastRequest = new long[keys];
        store.Bind(Sync.InstanceId);
    }

    public int Index { get; }

    public IRateLimiter Limiter { get; }

    public IRateLimitSynchronizer Sync { get; }

    public SimulatedRateLimitStore Store { get; }

    /// <summary>The settings as the instance bound and validated them.</summary>
    public RateLimitingOptions Options { get; }

    /// <summary>Per key, the time (UTC ticks) of the last request this instance was sent; 0 for none.</summary>
    public long[] LastRequest { get; }

    /// <summary>Where it is in the load balancer's list, or -1 while it takes no requests.</summary>
    public int Slot { get; set; } = -1;

    public FleetNodeState State { get; set; }

    public bool RoundRunning { get; set; }

    /// <summary>A round came due while one was running: the next starts as soon as it ends, as a periodic timer's would.</summary>
    public bool RoundPending { get; set; }

    /// <summary>Whether its last round (when leaving) has started.</summary>
    public bool LastRoundStarted { get; set; }

    /// <summary>Until when it runs no rounds (its process starved or paused) though it still takes requests.</summary>
    public DateTimeOffset StalledUntil { get; set; }

    public static FleetNode Create(int index, IReadOnlyDictionary<string, string?> settings, FleetTimeline timeline, SimulatedTable table, TableStorageModel model, int seed, int keys)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(timeline);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create($"{RateLimitingOptions.SectionName}:{setting.Key}", setting.Value)))
            .Build();
        var store = new SimulatedRateLimitStore(table, model, timeline, FleetRandom.Create(seed, FleetRandom.Store, index), $"node{index:D5}");
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(timeline.Clock);
        services.AddSingleton<IRateLimitStore>(store);

        // The instance's id as storage sees it from the start: leases, grants and their hashes are the same every run.
        services.AddSingleton(provider => new RateLimitFleet(provider.GetRequiredService<IOptions<RateLimitingOptions>>(), store.StorageId));
        services.AddGatewayRateLimiting();
        return new FleetNode(index, services.BuildServiceProvider(), store, keys);
    }

    /// <summary>
    /// Notes the instance count its even splits divide by, which changes only in its rounds: the smallest it had in a
    /// window bounds the splits its counters could start that window with.
    /// </summary>
    public void ObserveLive(long window)
    {
        var live = Sync.LiveInstances;
        if (!_fewestLive.TryGetValue(window, out var fewest) || live < fewest)
        {
            _fewestLive[window] = live;
        }
    }

    /// <summary>The fewest instances it knew of in a window, if it was seen in it at all.</summary>
    public int? FewestLive(long window) => _fewestLive.TryGetValue(window, out var fewest) ? fewest : null;

    public void Dispose() => _services.Dispose();
}
