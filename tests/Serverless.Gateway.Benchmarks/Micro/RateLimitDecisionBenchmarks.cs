using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>
/// The per-request cost of the distributed rate-limit decision and the quota count for a key the instance already holds.
/// The background sync is not started: it runs off the request path, and its storage calls are what this excludes.
/// </summary>
public class RateLimitDecisionBenchmarks
{
    private ServiceProvider _services = null!;
    private IRateLimiter _limiter = null!;
    private IQuotaTracker _quotas = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = await BenchmarkStorage.ConnectionStringAsync(),
            ["RateLimiting:Policies:bench:Limit"] = "1000000000",
            ["RateLimiting:Policies:bench:Window"] = "01:00:00",
            ["RateLimiting:Plans:bench:RateLimitPolicy"] = "bench",
            ["RateLimiting:Plans:bench:DailyQuota"] = "1000000000",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddGatewayRateLimiting();
        _services = services.BuildServiceProvider();
        _limiter = _services.GetRequiredService<IRateLimiter>();
        _quotas = _services.GetRequiredService<IQuotaTracker>();
        _limiter.Acquire("bench", "tenant-1");
        _quotas.Acquire("tenant-1", "bench");
    }

    [GlobalCleanup]
    public void CleanUp() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public bool RateLimitDecision() => _limiter.Acquire("bench", "tenant-1").IsAllowed;

    [Benchmark]
    public bool QuotaDecision() => _quotas.Acquire("tenant-1", "bench").IsAllowed;
}
