using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>
/// One gateway instance's rate limiting in a DI container of its own (so its own instance id, counters and sync), on the
/// run's Azurite or on a store in memory, with its storage operations counted.
/// </summary>
public sealed class LimiterNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _started = [];

    private LimiterNode(ServiceProvider services) => _services = services;

    public IRateLimiter Limiter => _services.GetRequiredService<IRateLimiter>();

    public IQuotaTracker Quotas => _services.GetRequiredService<IQuotaTracker>();

    public IUsageReader Usage => _services.GetRequiredService<IUsageReader>();

    public IRateLimitSynchronizer Sync => _services.GetRequiredService<IRateLimitSynchronizer>();

    public CountingRateLimitStore Store => (CountingRateLimitStore)_services.GetRequiredService<IRateLimitStore>();

    /// <summary>A unique table per test keeps tests apart on the shared Azurite.</summary>
    public static string NewTable() => "rl" + Guid.NewGuid().ToString("N");

    /// <summary>Starts a node; <paramref name="settings"/> are keys under <c>RateLimiting</c>. Without the background sync, tests run rounds themselves.</summary>
    public static async Task<LimiterNode> StartAsync(
        AzuriteFixture azurite, IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null, bool backgroundSync = true)
    {
        var node = Create(
            settings, time, provider => ActivatorUtilities.CreateInstance<TableRateLimitStore>(provider), null,
            KeyValuePair.Create<string, string?>("AzureWebJobsStorage", azurite.ConnectionString));
        if (backgroundSync)
        {
            foreach (var hosted in node._services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
                node._started.Add(hosted);
            }
        }

        return node;
    }

    /// <summary>
    /// A node on a store shared in memory, on a clock the test moves; it never syncs by itself, so the test decides when
    /// each round runs (<see cref="Sync"/>). Nothing here waits for real time.
    /// </summary>
    /// <param name="instanceId">A fixed instance id, so that what depends on ids (who coordinates, who gets a unit left over) is the same every run.</param>
    public static LimiterNode Create(IRateLimitStore store, IReadOnlyDictionary<string, string?> settings, TimeProvider time, string? instanceId = null) =>
        Create(settings, time, _ => store, instanceId);

    private static LimiterNode Create(
        IReadOnlyDictionary<string, string?> settings, TimeProvider? time, Func<IServiceProvider, IRateLimitStore> store, string? instanceId,
        params KeyValuePair<string, string?>[] more)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create($"{RateLimitingOptions.SectionName}:{setting.Key}", setting.Value)))
            .AddInMemoryCollection(more)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton<IRateLimitStore>(provider => new CountingRateLimitStore(store(provider)));
        if (instanceId is not null)
        {
            services.AddSingleton(provider => new RateLimitFleet(provider.GetRequiredService<IOptions<RateLimitingOptions>>(), instanceId));
        }

        services.AddGatewayRateLimiting();
        var node = new LimiterNode(services.BuildServiceProvider());
        _ = node._services.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
        return node;
    }

    public static async Task<LimiterNode[]> StartManyAsync(AzuriteFixture azurite, int count, IReadOnlyDictionary<string, string?> settings) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => StartAsync(azurite, settings)));

    /// <summary>Stops the background sync the way the host does at shutdown, which flushes every count.</summary>
    public async Task StopAsync()
    {
        foreach (var hosted in Enumerable.Reverse(_started))
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        _started.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }

    /// <summary>Disposes every node, in order: a test's instances stop one after another, as a fleet scaling in does.</summary>
    public static async Task DisposeAllAsync(IEnumerable<LimiterNode> nodes)
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }
}
