using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth.Assertions;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Auth.Assertions;

[Trait("Category", "Integration")]
public sealed class IdentityAssertionOptionsTests : IDisposable
{
    private const string BadPemError =
        "Auth:IdentityAssertion:SigningKeys:0:PrivateKeyPem: is not the PEM text of a private key; give the whole text from -----BEGIN PRIVATE KEY----- (PKCS#8) or -----BEGIN EC PRIVATE KEY----- (SEC1) to its END line.";

    private readonly TestSigningKey _first = new("2027-01");
    private readonly TestSigningKey _second = new("2027-02");

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new IdentityAssertionOptions();

        Assert.Equal("serverless-gateway", options.Issuer);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Lifetime);
        Assert.Empty(options.SigningKeys);
        Assert.Null(options.ActiveKeyId);
        Assert.Equal(10_000, options.CacheSize);
    }

    [Fact]
    public void Pkcs8_and_sec1_keys_both_load_and_the_active_key_is_the_one_named()
    {
        var options = Resolve([.. _first.Settings(0), .. _second.Settings(1, sec1: true), Setting("ActiveKeyId", "2027-02"), Setting("Lifetime", "00:02:00")]);

        Assert.Equal(["2027-01", "2027-02"], options.SigningKeys.Select(key => key.Id));
        Assert.Equal("2027-02", options.ActiveKeyId);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Lifetime);
    }

    [Fact]
    public void A_bad_pem_is_named_in_one_line()
    {
        var failures = Failures([Setting("SigningKeys:0:Id", "k1"), Setting("SigningKeys:0:PrivateKeyPem", "not a key")]);

        Assert.Equal([BadPemError], failures);
    }

    [Fact]
    public void An_active_key_id_that_names_no_key_is_refused()
    {
        var failures = Failures([.. _first.Settings(0), .. _second.Settings(1), Setting("ActiveKeyId", "2026-12")]);

        Assert.Equal(["Auth:IdentityAssertion:ActiveKeyId: '2026-12' names no key under Auth:IdentityAssertion:SigningKeys (configured: 2027-01, 2027-02)."], failures);
    }

    public static TheoryData<string, string> UnusableKeys()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var secp256k1 = ECDsa.Create(ECCurve.CreateFromFriendlyName("secP256k1"));
        using var rsa = RSA.Create(2048);
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new()
        {
            { p384.ExportPkcs8PrivateKeyPem(), "is an ECDSA key on curve ECDSA_P384; ES256 needs P-256 (also called prime256v1 or secp256r1)." },
            { secp256k1.ExportECPrivateKeyPem(), "is an ECDSA key on curve secP256k1; ES256 needs P-256 (also called prime256v1 or secp256r1)." },
            { rsa.ExportPkcs8PrivateKeyPem(), "is not an ECDSA key; ES256 needs an ECDSA P-256 private key." },
            { rsa.ExportRSAPrivateKeyPem(), "is an RSA key; ES256 needs an ECDSA P-256 private key." },
            { p256.ExportSubjectPublicKeyInfoPem(), "holds only a public key; the gateway signs, so it needs the private key." },
            {
                p256.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)),
                "is an encrypted private key; configure it unencrypted (Key Vault protects it in Azure)."
            },
        };
    }

    [Theory]
    [MemberData(nameof(UnusableKeys))]
    public void Keys_that_cannot_sign_ES256_are_refused_without_showing_the_key(string pem, string reason)
    {
        var failures = Failures([.. _first.Settings(0), Setting("SigningKeys:1:Id", "k2"), Setting("SigningKeys:1:PrivateKeyPem", pem)]);

        Assert.Equal([$"Auth:IdentityAssertion:SigningKeys:1:PrivateKeyPem: {reason}"], failures);
    }

    [Theory]
    [InlineData("SigningKeys:0:Id", "", "Auth:IdentityAssertion:SigningKeys:0:Id: is required")]
    [InlineData("SigningKeys:0:Id", "key one", "Auth:IdentityAssertion:SigningKeys:0:Id: 'key one' may hold only")]
    [InlineData("SigningKeys:1:Id", "2027-01", "Auth:IdentityAssertion:SigningKeys:1:Id: '2027-01' is the id of another key too")]
    [InlineData("Lifetime", "00:00:05", "Auth:IdentityAssertion:Lifetime: 00:00:05 must be between 00:00:10 and 00:10:00.")]
    [InlineData("Lifetime", "00:11:00", "Auth:IdentityAssertion:Lifetime: 00:11:00 must be between 00:00:10 and 00:10:00.")]
    [InlineData("CacheSize", "-1", "Auth:IdentityAssertion:CacheSize: -1 must be between 0 (off) and 1000000.")]
    [InlineData("Issuer", " ", "Auth:IdentityAssertion:Issuer: must not be empty.")]
    public void Out_of_range_values_are_refused_by_key(string key, string value, string expected)
    {
        var failures = Failures([.. _first.Settings(0), .. _second.Settings(1), Setting(key, value)]);

        Assert.StartsWith(expected, Assert.Single(failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SigningKeys:0:PrivateKey", "x", "PrivateKey")]
    [InlineData("Lifetme", "00:01:00", "Lifetme")]
    [InlineData("Lifetime", "soon", "Auth:IdentityAssertion:Lifetime")]
    public void Misspelt_keys_and_unconvertible_values_are_errors_rather_than_silent_defaults(string key, string value, string named)
    {
        var failure = Assert.Single(Failures([Setting(key, value)]));

        Assert.StartsWith("Auth:IdentityAssertion:", failure, StringComparison.Ordinal);
        Assert.Contains(named, failure, StringComparison.Ordinal);

    }

    [Fact]
    public void Under_the_functions_host_a_backend_that_receives_assertions_needs_a_configured_key()
    {
        var backends = new[] { Setting("Gateway:Backends:orders:IdentityAssertion", "true", section: false), Setting("Gateway:Backends:catalog:IdentityAssertion", "false", section: false) };

        var hosted = Failures(backends, HostingMode.FunctionsHost);
        var hostedWithKey = Resolve([.. backends, .. _first.Settings(0)], HostingMode.FunctionsHost);
        var hostedWithoutAssertions = Resolve([], HostingMode.FunctionsHost);
        var standalone = Resolve(backends, HostingMode.Standalone);

        Assert.Equal(
            ["Auth:IdentityAssertion:SigningKeys: is required under the Functions host, because backend(s) orders receive identity assertions (Gateway:Backends:<id>:IdentityAssertion); "
                + "set Auth:IdentityAssertion:SigningKeys:0:Id and Auth:IdentityAssertion:SigningKeys:0:PrivateKeyPem (in Azure, a Key Vault reference)."],
            hosted);
        Assert.Single(hostedWithKey.SigningKeys);
        Assert.Empty(hostedWithoutAssertions.SigningKeys);
        Assert.Empty(standalone.SigningKeys);
    }

    [Fact]
    public void A_key_put_under_a_setting_of_another_type_is_not_repeated_in_the_error()
    {
        var failure = Assert.Single(Failures([Setting("Lifetime", _first.Pkcs8Pem)]));

        Assert.Equal("Auth:IdentityAssertion:Lifetime: the value is not a duration: use hh:mm:ss such as 00:00:30, or d.hh:mm:ss such as 1.00:00:00 for days", failure);
    }

    [Fact]
    public void Invalid_signing_settings_stop_the_whole_gateway_from_starting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => GatewayTestServer.Build(new GatewaySettings()
            .Backend("orders", "http://127.0.0.1:9")
            .Route("orders", "/orders/{**rest}", "orders")
            .Set("AzureWebJobsStorage", "UseDevelopmentStorage=true")
            .Set("Auth:IdentityAssertion:SigningKeys:0:Id", "k1")
            .Set("Auth:IdentityAssertion:SigningKeys:0:PrivateKeyPem", "not a key")
            .Build()));

        Assert.Equal([BadPemError], error.Failures);
    }

    [Fact]
    public void Under_the_functions_host_the_gateway_does_not_start_without_a_key_for_a_backend_that_receives_assertions()
    {
        var error = Assert.Throws<OptionsValidationException>(() => GatewayTestServer.Build(new GatewaySettings()
            .Backend("orders", "http://127.0.0.1:9")
            .Route("orders", "/orders/{**rest}", "orders")
            .Set("Gateway:Backends:orders:IdentityAssertion", "true")
            .Set("AzureWebJobsStorage", "UseDevelopmentStorage=true")
            .Set("FUNCTIONS_CUSTOMHANDLER_PORT", Serverless.LocalRun.LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Build()));

        Assert.StartsWith("Auth:IdentityAssertion:SigningKeys: is required under the Functions host, because backend(s) orders", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private static KeyValuePair<string, string?> Setting(string key, string? value, bool section = true) =>
        new(section ? $"{IdentityAssertionOptions.SectionName}:{key}" : key, value);

    private static IdentityAssertionOptions Resolve(KeyValuePair<string, string?>[] settings, HostingMode mode = HostingMode.Standalone)
    {
        using var services = Services(settings, mode);
        return services.GetRequiredService<IOptions<IdentityAssertionOptions>>().Value;
    }

    private static List<string> Failures(KeyValuePair<string, string?>[] settings, HostingMode mode = HostingMode.Standalone)
    {
        using var services = Services(settings, mode);
        var failures = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IdentityAssertionOptions>>().Value).Failures.ToList();

        // Whatever is wrong, no configured value, key material least of all, is repeated back.
        Assert.All(failures, failure => Assert.DoesNotContain("BEGIN", failure.Replace("-----BEGIN PRIVATE KEY-----", string.Empty, StringComparison.Ordinal)
            .Replace("-----BEGIN EC PRIVATE KEY-----", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.All(failures, failure => Assert.DoesNotContain("'soon'", failure, StringComparison.Ordinal));
        return failures;
    }

    private static ServiceProvider Services(KeyValuePair<string, string?>[] settings, HostingMode mode)
    {
        var values = new Dictionary<string, string?>();
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .Configure<EphemeralSigningKeyOptions>(ephemeral => ephemeral.Allowed = mode != HostingMode.FunctionsHost)
            .AddLogging()
            .AddGatewayIdentityAssertions()
            .BuildServiceProvider();
    }
}
