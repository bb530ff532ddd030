using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth.Jwt;

namespace Serverless.Gateway.Tests.Auth.Jwt;

public sealed class JwtOptionsTests
{
    private const string RsaJwk = """{"kty":"RSA","kid":"dev-1","n":"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw","e":"AQAB"}""";

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new JwtOptions();

        Assert.False(options.Enabled);
        Assert.True(options.RequireHttpsMetadata);
        Assert.Equal(["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"], options.ValidAlgorithms);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ClockSkew);
        Assert.Equal("tid", options.TenantClaim);
        Assert.Equal(["scp", "scope", "roles"], options.ScopeClaims);
        Assert.Equal("plan", options.PlanClaim);
        Assert.Equal("standard", options.DefaultPlan);
        Assert.Equal("sub", options.SubjectClaim);
        Assert.Equal(TimeSpan.FromHours(12), options.MetadataRefreshInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MinimumRefreshInterval);
        Assert.Equal(10_000, options.ValidationCacheSize);
    }

    [Fact]
    public void Disabled_validation_needs_no_settings()
    {
        var options = Resolve([]);

        Assert.False(options.Enabled);
    }

    [Fact]
    public void Configured_lists_replace_their_defaults_instead_of_adding_to_them()
    {
        var options = Resolve(Valid(("ValidAlgorithms:0", "ES256"), ("ScopeClaims:0", "permissions")));

        Assert.Equal(["ES256"], options.ValidAlgorithms);
        Assert.Equal(["permissions"], options.ScopeClaims);
    }

    [Fact]
    public void Enabled_validation_without_an_identity_provider_or_audience_names_both_keys()
    {
        var failures = Failures([("Enabled", "true")]);

        Assert.Contains(failures, f => f.StartsWith("Auth:Jwt:Authority: is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:Jwt:ValidAudiences: is required", StringComparison.Ordinal));
    }

    [Fact]
    public void An_http_authority_is_refused_unless_https_metadata_is_turned_off()
    {
        var failures = Failures([("Enabled", "true"), ("Authority", "http://idp.example/tenant/v2.0"), ("ValidAudiences:0", "api://x")]);
        var allowed = Resolve(Valid(("Authority", "http://127.0.0.1:5000/tenant/v2.0"), ("RequireHttpsMetadata", "false")));

        Assert.Equal(["Auth:Jwt:Authority: 'http://idp.example/tenant/v2.0' must use https; set Auth:Jwt:RequireHttpsMetadata to false only for a local identity provider."], failures);
        Assert.False(allowed.RequireHttpsMetadata);
    }

    [Theory]
    [InlineData("Authority", "login.example.com/tenant")]
    [InlineData("MetadataAddress", "https://idp.example/.well-known/openid-configuration?x=1")]
    public void A_malformed_address_is_refused(string key, string value)
    {
        var failures = Failures(Valid((key, value)));

        Assert.Contains(failures, f => f.StartsWith($"Auth:Jwt:{key}: '{value}' must be an absolute", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    [InlineData("rs256")]
    public void Symmetric_or_unknown_algorithms_are_refused_by_position(string algorithm)
    {
        var failures = Failures(Valid(("ValidAlgorithms:0", "RS256"), ("ValidAlgorithms:1", algorithm)));

        Assert.Equal([$"Auth:Jwt:ValidAlgorithms:1: '{algorithm}' is not allowed; only asymmetric algorithms are (RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512)."], failures);
    }

    [Theory]
    [InlineData("ClockSkew", "00:06:00")]
    [InlineData("ClockSkew", "-00:00:01")]
    [InlineData("MinimumRefreshInterval", "00:00:00")]
    [InlineData("MetadataRefreshInterval", "8.00:00:00")]
    [InlineData("ValidationCacheSize", "-1")]
    [InlineData("TenantClaim", " ")]
    public void Out_of_range_values_are_refused(string key, string value)
    {
        var failures = Failures(Valid((key, value)));

        Assert.Contains(failures, f => f.StartsWith($"Auth:Jwt:{key}:", StringComparison.Ordinal));
    }

    [Fact]
    public void Signing_keys_replace_discovery_and_need_issuers()
    {
        var options = Resolve([("Enabled", "true"), ("SigningKeys:0", RsaJwk), ("ValidIssuers:0", "https://dev.example/"), ("ValidAudiences:0", "api://x")]);
        var withoutIssuers = Failures([("Enabled", "true"), ("SigningKeys:0", RsaJwk), ("ValidAudiences:0", "api://x")]);
        var withAuthority = Failures(Valid(("SigningKeys:0", RsaJwk), ("ValidIssuers:0", "https://dev.example/")));

        Assert.Single(options.SigningKeys);
        Assert.Equal(["Auth:Jwt:ValidIssuers: is required with SigningKeys, since there is no discovery document to name the issuer."], withoutIssuers);
        Assert.Equal(["Auth:Jwt:SigningKeys: cannot be combined with Authority or MetadataAddress; configured keys replace discovery."], withAuthority);
    }

    [Theory]
    [InlineData("""{"kty":"oct","kid":"k","k":"c2VjcmV0"}""", "symmetric")]
    [InlineData("""{"kty":"EC","kid":"k","crv":"P-256","x":"AQ","y":"AQ","d":"AQ"}""", "private key material")]
    [InlineData("""{"kty":"RSA","kid":"k","e":"AQAB"}""", "without its modulus")]
    [InlineData("""{"kty":"EC","kid":"k","crv":"secp256k1","x":"AQ","y":"AQ"}""", "without crv")]
    [InlineData("""{"kty":"OKP","kid":"k","crv":"Ed25519","x":"AQ"}""", "key type 'OKP'")]
    [InlineData("""{"kty":"RSA","use":"enc","n":"AQ","e":"AQAB"}""", "use 'enc'")]
    [InlineData("-----BEGIN PUBLIC KEY-----", "not a JSON Web Key")]
    public void Unusable_signing_keys_are_refused_by_position(string jwk, string reason)
    {
        var failures = Failures([("Enabled", "true"), ("SigningKeys:0", RsaJwk), ("SigningKeys:1", jwk), ("ValidIssuers:0", "https://dev.example/"), ("ValidAudiences:0", "api://x")]);

        var failure = Assert.Single(failures);
        Assert.StartsWith("Auth:Jwt:SigningKeys:1: ", failure, StringComparison.Ordinal);
        Assert.Contains(reason, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ValidAudience", "api://x", "ValidAudience")]
    [InlineData("ClockSkew", "soon", "Auth:Jwt:ClockSkew")]
    public void Misspelt_keys_and_unconvertible_values_are_errors_rather_than_silent_defaults(string key, string value, string named)
    {
        var failure = Assert.Single(Failures(Valid((key, value))));

        Assert.StartsWith("Auth:Jwt:", failure, StringComparison.Ordinal);
        Assert.Contains(named, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_from_starting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection([new("Auth:Jwt:Enabled", "true")]);
        builder.Services.AddGatewayJwt();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("Auth:Jwt:ValidAudiences:", StringComparison.Ordinal));
    }

    private static (string Key, string? Value)[] Valid(params (string Key, string? Value)[] overrides) =>
    [
        ("Enabled", "true"),
        ("Authority", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"),
        ("ValidAudiences:0", "api://serverless-gateway"),
        .. overrides,
    ];

    private static JwtOptions Resolve((string Key, string? Value)[] settings)
    {
        using var services = Services(settings);
        return services.GetRequiredService<IOptions<JwtOptions>>().Value;
    }

    private static IEnumerable<string> Failures((string Key, string? Value)[] settings)
    {
        using var services = Services(settings);
        return Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<JwtOptions>>().Value).Failures;
    }

    private static ServiceProvider Services((string Key, string? Value)[] settings)
    {
        var values = new Dictionary<string, string?>();
        foreach (var (key, value) in settings)
        {
            values[$"{JwtOptions.SectionName}:{key}"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddGatewayJwt().BuildServiceProvider();
    }
}
