using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Cli;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Cli;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed partial class GatewayCliTests(AzuriteFixture azurite)
{
    private readonly string _table = "CliKeys" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _limits = "CliLimits" + Guid.NewGuid().ToString("N")[..8];

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await GatewayCli.RunAsync(args, output, output, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Auth:ApiKeys:Table"] = _table,
            ["RateLimiting:Table"] = _limits,
            ["RateLimiting:Policies:free:Limit"] = "100",
            ["RateLimiting:Policies:free:Window"] = "00:10:00",
            ["RateLimiting:Plans:free:RateLimitPolicy"] = "free",
            ["RateLimiting:Policies:tight:Limit"] = "2",
            ["RateLimiting:Policies:tight:Window"] = "01:00:00",
            ["RateLimiting:Plans:tight:RateLimitPolicy"] = "tight",
        });
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task Keys_can_be_created_listed_rotated_and_revoked_end_to_end()
    {
        var (created, createOutput) = await RunAsync("keys", "create", "--tenant", "contoso", "--plan", "free", "--scopes", "orders:read", "orders:write", "--expires", "90d");
        Assert.Equal(0, created);
        var key = KeyPattern().Match(createOutput).Value;
        var keyId = key[4..20];
        Assert.Contains("scopes: orders:read orders:write", createOutput, StringComparison.Ordinal);

        var (_, listOutput) = await RunAsync("keys", "list", "--tenant", "contoso");
        Assert.Contains(keyId, listOutput, StringComparison.Ordinal);
        Assert.Contains("active", listOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(key[21..], listOutput, StringComparison.Ordinal);

        var (rotated, rotateOutput) = await RunAsync("keys", "rotate", keyId, "--grace", "01:00:00");
        Assert.Equal(0, rotated);
        Assert.NotEqual(key, KeyPattern().Match(rotateOutput).Value);

        var (revoked, revokeOutput) = await RunAsync("keys", "revoke", keyId);
        Assert.Equal(0, revoked);
        Assert.Contains($"Revoked API key {keyId}", revokeOutput, StringComparison.Ordinal);
        Assert.Contains("revoked", (await RunAsync("keys", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_another_tenant_does_not_show_the_key()
    {
        var (_, createOutput) = await RunAsync("keys", "create", "--tenant", "fabrikam", "--plan", "free");
        var keyId = KeyPattern().Match(createOutput).Value[4..20];

        Assert.DoesNotContain(keyId, (await RunAsync("keys", "list", "--tenant", "contoso")).Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keys revoke nosuchkey", "There is no API key with id 'nosuchkey'")]
    [InlineData("keys create --tenant bad/tenant --plan free", "must be 1-64 letters")]
    [InlineData("keys create --tenant t --plan free --expires yesterday", "--expires 'yesterday' is neither an ISO 8601 date/time nor a duration such as 45s, 30m, 24h, 90d or hh:mm:ss")]
    public async Task Bad_input_fails_with_exit_code_1_and_a_clear_message(string command, string message)
    {
        var (exitCode, output) = await RunAsync(command.Split(' '));

        Assert.Equal(1, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_option_is_a_usage_error()
    {
        var (exitCode, output) = await RunAsync("keys", "create", "--tenant", "contoso");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--plan", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_shows_the_requests_a_tenant_made_through_a_gateway()
    {
        var (_, createOutput) = await RunAsync("keys", "create", "--tenant", "usage-tenant", "--plan", "free", "--scopes", "orders:read");
        var key = KeyPattern().Match(createOutput).Value;
        await using var backend = await BackendServer.StartAsync("b");
        await using (var gateway = await GatewayTestServer.StartAsync(azurite, new GatewaySettings()
            .Backend("b", backend.Address)
            .Route("orders", "/orders/{**rest}", "b", ("AuthPolicy", "orders"), ("RateLimitPolicy", "plan"))
            .Set("Auth:ApiKeys:Table", _table)
            .Set("Auth:Policies:orders:Scopes:0", "orders:read")
            .Set("RateLimiting:Table", _limits)
            .Set("RateLimiting:Policies:free:Limit", "100")
            .Set("RateLimiting:Policies:free:Window", "00:10:00")
            .Set("RateLimiting:Plans:free:RateLimitPolicy", "free")
            .Build()))
        {
            for (var i = 0; i < 3; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/1");
                request.Headers.Add("X-Api-Key", key);
                Assert.Equal(System.Net.HttpStatusCode.OK, (await gateway.Client.SendAsync(request)).StatusCode);
            }
        }

        var (exitCode, output) = await RunAsync("usage", "--tenant", "usage-tenant");

        Assert.Equal(0, exitCode);
        Assert.Contains("3 admitted", output, StringComparison.Ordinal);
        Assert.Contains("policy free, key usage-tenant: 3/100", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("24:00:00", 24 * 60)]
    [InlineData("24h", 24 * 60)]
    [InlineData("90d", 90 * 24 * 60)]
    [InlineData("30m", 30)]
    [InlineData("45s", 1)]
    [InlineData("1.02:00:00", 26 * 60)]
    public async Task Rotate_reads_the_grace_period_as_people_write_durations(string grace, int minutes)
    {
        var keyId = await CreateKeyAsync("grace-tenant");
        var before = DateTimeOffset.UtcNow;

        var (exitCode, output) = await RunAsync("keys", "rotate", keyId, "--grace", grace);

        Assert.Equal(0, exitCode);
        var until = Instant(Regex.Match(output, "stays valid until (?<at>[^Z]+Z)").Groups["at"].Value);
        Assert.InRange(until, before.AddMinutes(minutes - 1), DateTimeOffset.UtcNow.AddMinutes(minutes + 1));
    }

    [Theory]
    [InlineData("24:00:00", 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("2099-01-01T00:00:00Z", null)]
    public async Task Create_reads_an_expiry_as_a_duration_from_now_or_an_instant(string expires, int? minutes)
    {
        var before = DateTimeOffset.UtcNow;

        var (exitCode, output) = await RunAsync("keys", "create", "--tenant", "expiry-tenant", "--plan", "free", "--expires", expires);

        Assert.Equal(0, exitCode);
        var at = Instant(Regex.Match(output, "expires: (?<at>[^Z]+Z)").Groups["at"].Value);
        if (minutes is { } span)
        {
            Assert.InRange(at, before.AddMinutes(span - 1), DateTimeOffset.UtcNow.AddMinutes(span + 1));
        }
        else
        {
            Assert.Equal(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), at);
        }
    }

    [Theory]
    [InlineData("24")]
    [InlineData("1.5h")]
    [InlineData("soon")]
    [InlineData("-1h")]
    [InlineData("10:75:00")]
    public async Task An_ambiguous_or_unreadable_grace_period_is_refused_with_the_forms_that_work(string grace)
    {
        var keyId = await CreateKeyAsync("grace-tenant");

        var (exitCode, output) = await RunAsync("keys", "rotate", keyId, "--grace", grace);

        Assert.Equal(1, exitCode);
        Assert.Contains($"--grace '{grace}' is not a duration: use 45s, 30m, 24h, 90d or hh:mm:ss (24:00:00 is 24 hours)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_for_a_plan_that_is_not_configured_is_refused_naming_the_plans_that_are()
    {
        var tenant = "plan-" + Guid.NewGuid().ToString("N")[..8];

        var (exitCode, output) = await RunAsync("keys", "create", "--tenant", tenant, "--plan", "nosuchplan");

        Assert.Equal(1, exitCode);
        Assert.Contains("plan 'nosuchplan' is not configured under RateLimiting:Plans (configured: free, tight)", output, StringComparison.Ordinal);
        Assert.Contains("--allow-unknown-plan", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(KeyPattern(), (await RunAsync("keys", "list", "--tenant", tenant)).Output);
    }

    [Fact]
    public async Task With_the_override_a_key_for_a_plan_not_configured_yet_is_created_with_a_warning()
    {
        var (exitCode, output) = await RunAsync("keys", "create", "--tenant", "plan-later", "--plan", "later", "--allow-unknown-plan");

        Assert.Equal(0, exitCode);
        Assert.Matches(KeyPattern(), output);
        Assert.Contains("warning: plan 'later' is not configured under RateLimiting:Plans", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_list_shows_each_key_s_name_and_whether_it_is_active_expired_revoked_or_in_grace()
    {
        var tenant = "list-" + Guid.NewGuid().ToString("N")[..8];
        var active = await CreateKeyAsync(tenant, "--name", "mobile-app");
        var revoked = await CreateKeyAsync(tenant);
        await RunAsync("keys", "revoke", revoked);
        var rotated = await CreateKeyAsync(tenant);
        await RunAsync("keys", "rotate", rotated, "--grace", "1h");
        var past = new FakeTimeProvider(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var expired = (await Manager(past).CreateAsync(tenant, "free", [], past.GetUtcNow().AddHours(1), "old-batch", CancellationToken.None)).Record.KeyId;

        var (exitCode, output) = await RunAsync("keys", "list", "--tenant", tenant);

        Assert.Equal(0, exitCode);
        Assert.EndsWith(Environment.NewLine, output, StringComparison.Ordinal);
        var lines = output.Split(Environment.NewLine);
        Assert.Contains("NAME", lines[0], StringComparison.Ordinal);
        string Line(string keyId) => Assert.Single(lines, line => line.StartsWith(keyId, StringComparison.Ordinal));
        Assert.Matches(@" active +.*mobile-app", Line(active));
        Assert.Contains(" revoked ", Line(revoked), StringComparison.Ordinal);
        Assert.Matches(@" in grace until \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ ", Line(rotated));
        Assert.Matches(@" expired +.*old-batch", Line(expired));
    }

    [Fact]
    public async Task Usage_counts_requests_the_rate_limit_refused_in_the_day_as_well_as_in_the_window()
    {
        var tenant = "refused-" + Guid.NewGuid().ToString("N")[..8];
        var (_, createOutput) = await RunAsync("keys", "create", "--tenant", tenant, "--plan", "tight", "--scopes", "orders:read");
        var key = KeyPattern().Match(createOutput).Value;
        var statuses = new List<System.Net.HttpStatusCode>();
        await using var backend = await BackendServer.StartAsync("b");
        await using (var gateway = await GatewayTestServer.StartAsync(azurite, new GatewaySettings()
            .Backend("b", backend.Address)
            .Route("orders", "/orders/{**rest}", "b", ("AuthPolicy", "orders"), ("RateLimitPolicy", "plan"))
            .Set("Auth:ApiKeys:Table", _table)
            .Set("Auth:Policies:orders:Scopes:0", "orders:read")
            .Set("RateLimiting:Table", _limits)
            .Set("RateLimiting:Policies:tight:Limit", "2")
            .Set("RateLimiting:Policies:tight:Window", "01:00:00")
            .Set("RateLimiting:Plans:tight:RateLimitPolicy", "tight")
            .Build()))
        {
            for (var i = 0; i < 5; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/1");
                request.Headers.Add("X-Api-Key", key);
                statuses.Add((await gateway.Client.SendAsync(request)).StatusCode);
            }
        }

        var (exitCode, output) = await RunAsync("usage", "--tenant", tenant);

        Assert.Equal(2, statuses.Count(status => status == System.Net.HttpStatusCode.OK));
        Assert.Equal(0, exitCode);
        Assert.Matches(@"today \(UTC [0-9-]+\): +2 admitted, 3 refused", output);
        Assert.Contains($"policy tight, key {tenant}: 2/2", output, StringComparison.Ordinal);
        Assert.Matches(@"policy tight, .*, 3 refused", output);
    }

    private async Task<string> CreateKeyAsync(string tenant, params string[] options)
    {
        var (_, output) = await RunAsync(["keys", "create", "--tenant", tenant, "--plan", "free", .. options]);
        return KeyPattern().Match(output).Value[4..20];
    }

    private ApiKeyManager Manager(TimeProvider time)
    {
        var storage = StorageClientFactory.Create(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }).Build());
        return new ApiKeyManager(new ApiKeyStore(storage, Options.Create(new ApiKeyOptions { Table = _table })), time);
    }

    private static DateTimeOffset Instant(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [GeneratedRegex("sgw_[a-z2-7]{16}_[a-z2-7]{52}")]
    private static partial Regex KeyPattern();
}
