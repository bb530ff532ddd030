using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>Rate-limit policies and plans follow configuration changes (a published revision, an edited file) without a restart.</summary>
public sealed class PolicyReloadTests : IAsyncDisposable
{
    private readonly ConfigurationManager _configuration = new();
    private readonly OverlayConfigurationSource _overlay = new();
    private readonly ServiceProvider _services;

    public PolicyReloadTests()
    {
        _configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RateLimiting:Policies:changing:Limit"] = "2",
            ["RateLimiting:Policies:changing:Window"] = "01:00:00",
            ["RateLimiting:Policies:steady:Limit"] = "2",
            ["RateLimiting:Policies:steady:Window"] = "01:00:00",
            ["RateLimiting:Plans:metered:DailyQuota"] = "2",
        });
        _configuration.AddOverlay(_overlay);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(_configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 3, 30, 12, 0, 0, 100, TimeSpan.Zero)));
        services.AddSingleton<IRateLimitStore>(new InMemoryRateLimitStore());
        services.AddGatewayRateLimiting();
        _services = services.BuildServiceProvider();

        // As at start-up (ValidateOnStart), the policies are read before any change.
        _ = _services.GetRequiredService<IRateLimiter>();
        _ = _services.GetRequiredService<IQuotaTracker>();
    }

    private IRateLimiter Limiter => _services.GetRequiredService<IRateLimiter>();

    private IQuotaTracker Quotas => _services.GetRequiredService<IQuotaTracker>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>Publishes policies and plans over the bootstrap, as a live revision does.</summary>
    private void Publish(string policies, string plans = """{ "metered": { "DailyQuota": 2 } }""")
    {
        var document = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($$"""{ "RateLimiting": { "Policies": {{policies}}, "Plans": {{plans}} } }""")))
            .Build();
        _overlay.Apply(document.AsEnumerable().Where(pair => pair.Value is not null).ToDictionary(), ["RateLimiting:Policies", "RateLimiting:Plans"]);
    }

    private int Admitted(string policy, int attempts) => Enumerable.Range(0, attempts).Count(_ => Limiter.Acquire(policy, "tenant-a").IsAllowed);

    [Fact]
    public void A_changed_limit_applies_from_the_next_request_and_an_unchanged_policy_keeps_its_counts()
    {
        Assert.Equal((2, 2), (Admitted("changing", 5), Admitted("steady", 5)));

        Publish("""{ "changing": { "Limit": 6, "Window": "01:00:00" }, "steady": { "Limit": 2, "Window": "01:00:00" } }""");

        Assert.Equal(6, Admitted("changing", 10));
        Assert.Equal(0, Admitted("steady", 5));
        Assert.Equal(6, Limiter.Acquire("changing", "tenant-b").Limit);
    }

    [Fact]
    public void A_policy_added_with_a_route_in_the_same_change_is_known_even_before_the_limiter_hears_of_the_change()
    {
        // Set without a change notification: the limiter finds it by reading the configuration when a policy is missing.
        _configuration["RateLimiting:Policies:added:Limit"] = "1";

        Assert.Equal(1, Admitted("added", 3));
    }

    [Fact]
    public void An_invalid_change_is_ignored_and_the_last_valid_policies_keep_deciding()
    {
        Publish("""{ "changing": { "Limit": 0 } }""");

        Assert.Equal(2, Admitted("changing", 5));
        Assert.Equal(0, Admitted("changing", 1));
        Assert.Equal(2, _services.GetRequiredService<LiveRateLimitingOptions>().Current.Policies["changing"].Limit);
    }

    [Fact]
    public void A_removed_policy_is_no_longer_configured()
    {
        Publish("""{ "changing": { "Limit": 2, "Window": "01:00:00" } }""");

        Assert.Throws<ArgumentException>(() => Limiter.Acquire("steady", "tenant-a"));
    }

    [Fact]
    public async Task A_limit_raised_within_a_window_holds_through_the_sync_rounds_that_follow()
    {
        Assert.Equal(2, Admitted("changing", 3));
        await SyncRoundsAsync(4);

        Publish("""{ "changing": { "Limit": 6, "Window": "01:00:00" }, "steady": { "Limit": 2, "Window": "01:00:00" } }""");

        // One request in each round: the retired counter's row (limit 2, this window) is still in the table.
        var admitted = 0;
        for (var round = 0; round < 12; round++)
        {
            admitted += Limiter.Acquire("changing", "tenant-a").IsAllowed ? 1 : 0;
            await SyncRoundsAsync(1);
        }

        Assert.Equal(6, admitted);
    }

    private async Task SyncRoundsAsync(int rounds)
    {
        for (var round = 0; round < rounds; round++)
        {
            await _services.GetRequiredService<IRateLimitSynchronizer>().SyncAsync(CancellationToken.None);
            ((FakeTimeProvider)_services.GetRequiredService<TimeProvider>()).Advance(TimeSpan.FromMilliseconds(250));
        }
    }

    [Fact]
    public async Task A_raised_quota_applies_to_a_tenants_running_count_within_sync_rounds()
    {
        var before = Enumerable.Range(0, 4).Count(_ => Quotas.Acquire("tenant-a", "metered").IsAllowed);

        Publish("""{ "steady": { "Limit": 2, "Window": "01:00:00" } }""", """{ "metered": { "DailyQuota": 5 } }""");

        // The background sync's rounds, every 250 ms, with a request of the tenant in each: the raised budget is granted in them.
        var after = 0;
        for (var round = 0; round < 12; round++)
        {
            after += Quotas.Acquire("tenant-a", "metered").IsAllowed ? 1 : 0;
            await _services.GetRequiredService<IRateLimitSynchronizer>().SyncAsync(CancellationToken.None);
            ((FakeTimeProvider)_services.GetRequiredService<TimeProvider>()).Advance(TimeSpan.FromMilliseconds(250));
        }

        Assert.Equal((2, 3), (before, after));
    }
}
