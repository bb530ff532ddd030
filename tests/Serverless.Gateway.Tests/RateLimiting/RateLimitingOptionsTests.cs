using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Tests.RateLimiting;

public sealed class RateLimitingOptionsTests
{
    [Fact]
    public void Policies_and_plans_bind_with_their_documented_defaults()
    {
        var options = Resolve(
            ("Policies:free:Limit", "10"), ("Policies:free:Burst", "20"),
            ("Policies:standard:Limit", "100"), ("Policies:standard:OnStorageFailure", "Closed"),
            ("Plans:free:RateLimitPolicy", "free"), ("Plans:free:DailyQuota", "1000"), ("Plans:free:MonthlyQuota", "20000")).Value;

        Assert.Equal((TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2), "RateLimits", 16), (options.SyncInterval, options.StorageTimeout, options.Table, options.Partitions));
        Assert.Equal((10L, TimeSpan.FromSeconds(1), (long?)20, StorageFailureMode.Open),
            (options.Policies["free"].Limit, options.Policies["free"].Window, options.Policies["free"].Burst, options.Policies["free"].OnStorageFailure));
        Assert.Equal(StorageFailureMode.Closed, options.Policies["STANDARD"].OnStorageFailure);
        Assert.Equal(("free", (long?)1000, (long?)20000), (options.Plans["free"].RateLimitPolicy, options.Plans["free"].DailyQuota, options.Plans["free"].MonthlyQuota));
    }

    [Fact]
    public void Every_invalid_setting_is_reported_with_its_key()
    {
        var options = Resolve(
            ("SyncInterval", "00:00:00.001"), ("Table", "rate-limits"), ("Partitions", "many"), ("Retention", "1"),
            ("Policies:free:Limt", "10"),
            ("Policies:slow:Limit", "5"), ("Policies:slow:Window", "soon"),
            ("Policies:bursty:Limit", "10"), ("Policies:bursty:Burst", "5"),
            ("Policies:bad/name:Limit", "1"),
            ("Plans:gold:RateLimitPolicy", "golden"), ("Plans:gold:DailyQuota", "-1"));

        var failures = Assert.Throws<OptionsValidationException>(() => options.Value).Failures;

        Assert.All(
            [
                "RateLimiting:SyncInterval:", "RateLimiting:Table:", "RateLimiting:Partitions:", "RateLimiting:Retention:",
                "RateLimiting:Policies:free:", "RateLimiting:Policies:slow:", "RateLimiting:Policies:bursty:Burst:",
                "RateLimiting:Policies:bad/name:", "RateLimiting:Plans:gold:RateLimitPolicy:", "RateLimiting:Plans:gold:DailyQuota:",
            ],
            key => Assert.Contains(failures, failure => failure.StartsWith(key, StringComparison.Ordinal)));
    }

    private static IOptions<RateLimitingOptions> Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create<string, string?>($"{RateLimitingOptions.SectionName}:{setting.Key}", setting.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddGatewayRateLimiting();
        return services.BuildServiceProvider().GetRequiredService<IOptions<RateLimitingOptions>>();
    }
}
