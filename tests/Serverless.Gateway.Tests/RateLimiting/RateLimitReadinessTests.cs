using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>The first sync round runs as the instance starts, and rate-limit decisions, not the start, wait for it.</summary>
public sealed class RateLimitReadinessTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_start_does_not_wait_for_the_first_round_but_rate_limit_decisions_do()
    {
        var synchronizer = new HeldSynchronizer();
        await using var provider = Build(synchronizer);
        var service = provider.GetServices<IHostedService>().OfType<RateLimitSyncService>().Single();
        var readiness = provider.GetRequiredService<RateLimitReadiness>();

        await service.StartAsync(CancellationToken.None).WaitAsync(HangGuard);
        try
        {
            await synchronizer.Started.WaitAsync(HangGuard);
            var decision = readiness.WaitAsync(CancellationToken.None);
            Assert.False(readiness.IsReady);
            Assert.False(decision.IsCompleted);

            synchronizer.Release();
            await decision.WaitAsync(HangGuard);
            Assert.True(readiness.IsReady);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_stop_before_the_first_round_ends_lets_the_waiting_decisions_go_on()
    {
        var synchronizer = new HeldSynchronizer();
        await using var provider = Build(synchronizer);
        var service = provider.GetServices<IHostedService>().OfType<RateLimitSyncService>().Single();
        var readiness = provider.GetRequiredService<RateLimitReadiness>();
        await service.StartAsync(CancellationToken.None);
        await synchronizer.Started.WaitAsync(HangGuard);
        var decision = readiness.WaitAsync(CancellationToken.None);

        await service.StopAsync(CancellationToken.None).WaitAsync(HangGuard);

        await decision.WaitAsync(HangGuard);
        Assert.True(readiness.IsReady);
    }

    [Fact]
    public async Task Without_policies_or_plans_decisions_never_wait()
    {
        var synchronizer = new HeldSynchronizer();
        await using var provider = Build(synchronizer, new Dictionary<string, string?>());
        var service = provider.GetServices<IHostedService>().OfType<RateLimitSyncService>().Single();
        await service.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(provider.GetRequiredService<RateLimitReadiness>().IsReady);
            Assert.False(synchronizer.Started.IsCompleted);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private static ServiceProvider Build(HeldSynchronizer synchronizer, Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?> { ["RateLimiting:Policies:standard:Limit"] = "10" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<IRateLimitStore>(new InMemoryRateLimitStore());
        services.AddSingleton<IRateLimitSynchronizer>(synchronizer);
        services.AddGatewayRateLimiting();
        return services.BuildServiceProvider();
    }

    /// <summary>A synchronizer whose rounds end when the test says, or when they are cancelled; a flush ends at once.</summary>
    private sealed class HeldSynchronizer : IRateLimitSynchronizer
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public string InstanceId => "held";

        public int LiveInstances => 1;

        public TimeSpan Interval => TimeSpan.FromHours(1);

        public bool IsStorageAvailable => true;

        public void Release() => _released.TrySetResult();

        public async Task<bool> SyncAsync(CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
            return true;
        }

        public Task<bool> FlushAsync(CancellationToken cancellationToken) => Task.FromResult(true);
    }
}
