using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>The background sync of an instance that started as a pure proxy, on a store in memory and a clock the test moves.</summary>
public sealed class RateLimitSyncServiceTests
{
    [Fact]
    public async Task An_instance_started_without_policies_makes_no_storage_calls_and_starts_its_rounds_when_a_revision_brings_the_first()
    {
        var configuration = new ConfigurationManager();
        var overlay = new OverlayConfigurationSource();
        configuration.AddOverlay(overlay);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 30, 12, 0, 0, 100, TimeSpan.Zero));
        var store = new CountingRateLimitStore(new InMemoryRateLimitStore());
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IRateLimitStore>(store);
        services.AddGatewayRateLimiting();
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().OfType<RateLimitSyncService>().Single();
        await hosted.StartAsync(CancellationToken.None);
        try
        {
            for (var step = 0; step < 20; step++)
            {
                time.Advance(TimeSpan.FromMilliseconds(250));
            }

            Assert.Equal(0, store.Operations);

            overlay.Apply(
                new Dictionary<string, string?> { ["RateLimiting:Policies:standard:Limit"] = "10" },
                ["RateLimiting:Policies", "RateLimiting:Plans"]);
            provider.GetRequiredService<IRateLimiter>().Acquire("standard", "tenant-a");

            await Eventually.TrueAsync(
                () =>
                {
                    time.Advance(TimeSpan.FromMilliseconds(250));
                    return Task.FromResult(store.Operations > 0);
                },
                because: "The sync rounds did not start after the first policy arrived.");
        }
        finally
        {
            await hosted.StopAsync(CancellationToken.None);
        }
    }
}
