using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Serverless.Gateway.Auth.Jwt;

namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>
/// The per-request cost of checking a bearer token with the gateway's own <see cref="JwtTokenValidator"/>, which builds
/// the validation parameters the JWT policies use (asymmetric algorithms only, issuer, audience, lifetime, then the
/// signature) and maps the claims to the caller's identity. Keys are configured, as after discovery has fetched them.
/// A token seen for the first time is parsed and its signature verified (the validation cache is off for those two);
/// a repeated one is answered from the cache by its SHA-256, as the gateway does by default.
/// </summary>
public class JwtValidationBenchmarks
{
    private BenchTokenIssuer _issuer = null!;
    private JwtTokenValidator _everyToken = null!;
    private JwtTokenValidator _remembering = null!;
    private string _rs256 = null!;
    private string _es256 = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _issuer = new BenchTokenIssuer();
        _rs256 = _issuer.CreateToken(SecurityAlgorithms.RsaSha256);
        _es256 = _issuer.CreateToken(SecurityAlgorithms.EcdsaSha256);
        _everyToken = CreateValidator(cacheSize: 0);
        _remembering = CreateValidator(cacheSize: new JwtOptions().ValidationCacheSize);
        await ExpectValidAsync(_everyToken, _rs256);
        await ExpectValidAsync(_everyToken, _es256);
        await ExpectValidAsync(_remembering, _rs256);
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _everyToken.Dispose();
        _remembering.Dispose();
        _issuer.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<JwtValidationResult> NewTokenRs256() => _everyToken.ValidateAsync(_rs256, CancellationToken.None);

    [Benchmark]
    public ValueTask<JwtValidationResult> NewTokenEs256() => _everyToken.ValidateAsync(_es256, CancellationToken.None);

    [Benchmark]
    public ValueTask<JwtValidationResult> RepeatedToken() => _remembering.ValidateAsync(_rs256, CancellationToken.None);

    private JwtTokenValidator CreateValidator(int cacheSize) => new(
        Options.Create(new JwtOptions
        {
            Enabled = true,
            ValidIssuers = [BenchTokenIssuer.Issuer],
            ValidAudiences = [BenchTokenIssuer.Audience],
            SigningKeys = [.. _issuer.PublicJwks()],
            ValidationCacheSize = cacheSize,
        }),
        TimeProvider.System,
        NullLogger<JwtTokenValidator>.Instance);

    private static async Task ExpectValidAsync(JwtTokenValidator validator, string token)
    {
        var result = await validator.ValidateAsync(token, CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The benchmark token was refused: {result.Description}");
        }
    }
}
