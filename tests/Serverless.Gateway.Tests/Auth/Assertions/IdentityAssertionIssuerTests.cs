using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.Assertions;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.Tests.Functions;
using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Tests.Auth.Assertions;

public sealed class IdentityAssertionIssuerTests : IDisposable
{
    private static readonly CallerIdentity Caller = new(CallerIdentity.ApiKeyScheme, "contoso", "key-1", "gold", ["orders:read", "orders:write"]);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly TestSigningKey _key = new("2027-01");
    private readonly CapturedLogs _logs = new();

    public void Dispose()
    {
        _key.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public void The_assertion_states_the_caller_for_the_backend_and_is_signed_by_the_active_key()
    {
        using var services = Services([.. _key.Settings(0), new("Auth:IdentityAssertion:Issuer", "gateway-test")]);

        var assertion = new JsonWebToken(Issuer(services).GetAssertion(Caller, "orders"));

        Assert.Equal(("ES256", "gateway-assertion+jwt", "2027-01"), (assertion.Alg, assertion.Typ, assertion.Kid));
        Assert.Equal("gateway-test", assertion.Issuer);
        Assert.Equal(["orders"], assertion.Audiences);
        Assert.Equal("key-1", assertion.Subject);
        Assert.Equal("contoso", assertion.GetPayloadValue<string>(GatewayAssertion.TenantClaim));
        Assert.Equal("gold", assertion.GetPayloadValue<string>(GatewayAssertion.PlanClaim));
        Assert.Equal("orders:read orders:write", assertion.GetPayloadValue<string>(GatewayAssertion.ScopeClaim));
        Assert.Equal("ApiKey", assertion.GetPayloadValue<string>(GatewayAssertion.SchemeClaim));
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, assertion.IssuedAt);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, assertion.ValidFrom);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddSeconds(60), assertion.ValidTo);
    }

    [Fact]
    public void A_caller_without_scopes_gets_an_assertion_without_the_scope_claim()
    {
        using var services = Services([.. _key.Settings(0)]);

        var assertion = new JsonWebToken(Issuer(services).GetAssertion(Caller with { Scopes = [] }, "orders"));

        Assert.False(assertion.TryGetPayloadValue<string>(GatewayAssertion.ScopeClaim, out _));
    }

    [Fact]
    public void The_same_assertion_is_reused_until_half_its_lifetime_has_passed()
    {
        using var services = Services([.. _key.Settings(0)]);
        var issuer = Issuer(services);

        var first = issuer.GetAssertion(Caller, "orders");
        _clock.Advance(TimeSpan.FromSeconds(29));
        var reused = issuer.GetAssertion(Caller, "orders");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var renewed = issuer.GetAssertion(Caller, "orders");

        Assert.Same(first, reused);
        Assert.NotEqual(first, renewed);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, new JsonWebToken(renewed).IssuedAt);
    }

    [Fact]
    public void An_equal_caller_shares_the_assertion_while_another_caller_or_backend_gets_its_own()
    {
        using var services = Services([.. _key.Settings(0)]);
        var issuer = Issuer(services);

        var first = issuer.GetAssertion(Caller, "orders");
        var equalCaller = issuer.GetAssertion(Caller with { Scopes = ["orders:read", "orders:write"] }, "orders");
        var otherScopes = issuer.GetAssertion(Caller with { Scopes = ["orders:read"] }, "orders");
        var otherTenant = issuer.GetAssertion(Caller with { Tenant = "fabrikam" }, "orders");
        var otherBackend = issuer.GetAssertion(Caller, "billing");

        Assert.Same(first, equalCaller);
        Assert.Equal(4, new[] { first, otherScopes, otherTenant, otherBackend }.Distinct().Count());
        Assert.Equal(["billing"], new JsonWebToken(otherBackend).Audiences);
    }

    [Fact]
    public void With_the_cache_off_every_assertion_is_signed_anew()
    {
        using var services = Services([.. _key.Settings(0), new("Auth:IdentityAssertion:CacheSize", "0")]);
        var issuer = Issuer(services);

        Assert.NotEqual(issuer.GetAssertion(Caller, "orders"), issuer.GetAssertion(Caller, "orders"));
    }

    [Fact]
    public void The_cache_holds_at_most_its_size_of_assertions()
    {
        using var services = Services([.. _key.Settings(0), new("Auth:IdentityAssertion:CacheSize", "100")]);
        var issuer = Issuer(services);

        for (var i = 0; i < 1_000; i++)
        {
            issuer.GetAssertion(Caller with { Subject = $"key-{i}" }, "orders");
        }

        Assert.InRange(services.GetRequiredService<IdentityAssertionKeys>().Current.Assertions!.Count, 1, 100);
    }

    [Fact]
    public void Standalone_without_a_configured_key_signs_with_one_ephemeral_key_and_says_so_once_without_the_key()
    {
        using var services = Services([]);
        var issuer = Issuer(services);

        var first = new JsonWebToken(issuer.GetAssertion(Caller, "orders"));
        var second = new JsonWebToken(issuer.GetAssertion(Caller, "billing"));

        Assert.StartsWith("ephemeral-", first.Kid, StringComparison.Ordinal);
        Assert.Equal(first.Kid, second.Kid);
        var log = Assert.Single(_logs.WithEventId(2300));
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Contains(first.Kid, log.Message, StringComparison.Ordinal);
        Assert.Contains("ephemeral", log.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_the_functions_host_without_a_configured_key_nothing_is_signed_or_generated()
    {
        using var services = Services([], HostingMode.FunctionsHost);
        var issuer = Issuer(services);

        Assert.False(issuer.CanSign);
        Assert.Null(issuer.GetAssertion(Caller, "orders"));
        Assert.Empty(services.GetRequiredService<IdentityAssertionKeys>().Current.Keys);
        Assert.Empty(_logs.WithEventId(2300));
    }

    private static IdentityAssertionIssuer Issuer(ServiceProvider services) => services.GetRequiredService<IdentityAssertionIssuer>();

    private ServiceProvider Services(KeyValuePair<string, string?>[] settings, HostingMode mode = HostingMode.Standalone) =>
        new ServiceCollection()
            .AddSingleton<TimeProvider>(_clock)
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .Configure<EphemeralSigningKeyOptions>(ephemeral => ephemeral.Allowed = mode != HostingMode.FunctionsHost)
            .AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace))
            .AddGatewayIdentityAssertions()
            .BuildServiceProvider();
}
