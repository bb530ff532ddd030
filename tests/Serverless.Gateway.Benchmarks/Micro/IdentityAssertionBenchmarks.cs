using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.Assertions;

namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>
/// The per-request cost of the identity assertion for a backend that receives one. An assertion is signed once per
/// caller and backend and reused until half its lifetime has passed: the cached path is a clock read and a look-up by
/// the caller (the same identity object for a cached API key or bearer token, an equal one otherwise). Signing, the
/// cost of a cache miss, is shown with the cache off.
/// </summary>
public class IdentityAssertionBenchmarks
{
    private static readonly CallerIdentity Caller = new(CallerIdentity.ApiKeyScheme, "bench", "key-1", "standard", ["orders:read", "orders:write"]);
    private static readonly CallerIdentity EqualCaller = Caller with { Scopes = [.. Caller.Scopes] };

    private ServiceProvider _cachedServices = null!;
    private ServiceProvider _uncachedServices = null!;
    private IdentityAssertionIssuer _cached = null!;
    private IdentityAssertionIssuer _uncached = null!;

    [GlobalSetup]
    public void SetUp()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportPkcs8PrivateKeyPem();
        (_cachedServices, _cached) = CreateIssuer(pem, cacheSize: null);
        (_uncachedServices, _uncached) = CreateIssuer(pem, cacheSize: "0");
        if (_cached.GetAssertion(Caller, "orders") is null || _uncached.GetAssertion(Caller, "orders") is null)
        {
            throw new InvalidOperationException("The benchmark issuer has no key to sign with.");
        }
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _cachedServices.Dispose();
        _uncachedServices.Dispose();
    }

    [Benchmark(Baseline = true)]
    public string? CachedAssertion() => _cached.GetAssertion(Caller, "orders");

    [Benchmark]
    public string? CachedAssertionForAnEqualCaller() => _cached.GetAssertion(EqualCaller, "orders");

    [Benchmark]
    public string? SignedAssertion() => _uncached.GetAssertion(Caller, "orders");

    private static (ServiceProvider Services, IdentityAssertionIssuer Issuer) CreateIssuer(string pem, string? cacheSize)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:IdentityAssertion:SigningKeys:0:Id"] = "bench",
            ["Auth:IdentityAssertion:SigningKeys:0:PrivateKeyPem"] = pem,
        };

        // Only when given: the binder turns a present but null value into 0, which turns the cache off.
        if (cacheSize is not null)
        {
            settings["Auth:IdentityAssertion:CacheSize"] = cacheSize;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddGatewayIdentityAssertions()
            .BuildServiceProvider();
        return (services, services.GetRequiredService<IdentityAssertionIssuer>());
    }
}
