using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Gateway.Auth.Jwt;

namespace Serverless.Gateway.Tests.Auth.Jwt;

/// <summary>
/// A real OpenID Connect identity provider on a loopback port, shaped like Microsoft Entra ID (issuer
/// <c>{Address}/{TenantId}/v2.0</c>): serves discovery and JWKS, holds an RSA and a P-256 key, rotates the RSA key on
/// demand, counts fetches, and mints tokens with any claims, algorithm and <c>kid</c>.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string Audience = "api://serverless-gateway";
    public const string TenantId = "contoso";
    public const string Subject = "user-1";
    public const string EcKeyId = "ec-1";

    private readonly WebApplication _app;
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly List<RSA> _retired = [];
    private RSA _rsa = RSA.Create(2048);
    private int _rsaGeneration = 1;
    private int _discoveryFetches;
    private int _jwksFetches;

    private TestIdentityProvider(WebApplication app, TimeProvider clock)
    {
        _app = app;
        Clock = clock;
    }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>What <see cref="JwtOptions.Authority"/> should be; also the tokens' issuer.</summary>
    public string Authority => $"{Address}/{TenantId}/v2.0";

    public string Issuer => Authority;

    /// <summary>The clock minted tokens take <c>iat</c>, <c>nbf</c> and <c>exp</c> from.</summary>
    public TimeProvider Clock { get; }

    public string RsaKeyId => $"rsa-{_rsaGeneration}";

    public int DiscoveryFetches => Volatile.Read(ref _discoveryFetches);

    public int JwksFetches => Volatile.Read(ref _jwksFetches);

    /// <summary>When true, discovery and JWKS answer 503, as an identity provider outage would.</summary>
    public bool Unavailable { get; set; }

    /// <summary>The current RSA public key as a JWK JSON string, as <see cref="JwtOptions.SigningKeys"/> takes it.</summary>
    public string RsaPublicJwk => JsonSerializer.Serialize(RsaJwk());

    public string EcPublicJwk => JsonSerializer.Serialize(EcJwk());

    /// <summary>The current RSA public key in PEM, byte for byte: the secret of the classic HS256 key-confusion attack.</summary>
    public byte[] RsaPublicKeyPem => Encoding.ASCII.GetBytes(_rsa.ExportSubjectPublicKeyInfoPem());

    public static async Task<TestIdentityProvider> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new TestIdentityProvider(app, clock ?? TimeProvider.System);
        app.Run(provider.HandleAsync);
        await app.StartAsync();
        provider.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return provider;
    }

    /// <summary>Options trusting this provider through discovery, for an audience of <see cref="Audience"/>.</summary>
    public JwtOptions CreateOptions() => new()
    {
        Enabled = true,
        Authority = Authority,
        RequireHttpsMetadata = false,
        ValidAudiences = [Audience],
    };

    /// <summary>The same as configuration keys, for tests that run a whole gateway.</summary>
    public Dictionary<string, string?> CreateSettings() => new()
    {
        ["Auth:Jwt:Enabled"] = "true",
        ["Auth:Jwt:Authority"] = Authority,
        ["Auth:Jwt:RequireHttpsMetadata"] = "false",
        ["Auth:Jwt:ValidAudiences:0"] = Audience,
    };

    /// <summary>Replaces the RSA key with a new one under a new <c>kid</c>; the JWKS stops publishing the old one.</summary>
    public void RotateKeys()
    {
        _retired.Add(_rsa);
        _rsa = RSA.Create(2048);
        _rsaGeneration++;
    }

    /// <summary>
    /// A valid access token unless <paramref name="claims"/> says otherwise: entries replace or add claims, a null value
    /// removes one, and <see cref="DateTimeOffset"/> values become NumericDate. Defaults: <c>iss</c>, <c>aud</c>,
    /// <c>sub</c>, <c>tid</c>, <c>scp</c> <c>orders:read</c>, and a lifetime of one hour from <see cref="Clock"/>.
    /// </summary>
    /// <param name="algorithm">RS256/384/512 and PS256/384/512 sign with the RSA key, ES256 with the P-256 key.</param>
    /// <param name="keyId">The <c>kid</c> header; default the signing key's own, <c>""</c> for none.</param>
    /// <param name="headers">Header parameters added to (or replacing) <c>alg</c>, <c>typ</c> and <c>kid</c>.</param>
    public string CreateToken(IReadOnlyDictionary<string, object?>? claims = null, string algorithm = "RS256", string? keyId = null,
        IReadOnlyDictionary<string, object?>? headers = null)
    {
        var defaultKeyId = algorithm.StartsWith("ES", StringComparison.Ordinal) ? EcKeyId : RsaKeyId;
        var header = Header(algorithm, keyId ?? defaultKeyId);
        foreach (var (name, value) in headers ?? new Dictionary<string, object?>())
        {
            header[name] = value;
        }

        return Sign(header, Payload(claims), data => algorithm switch
        {
            "RS256" => _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "RS384" => _rsa.SignData(data, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
            "RS512" => _rsa.SignData(data, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
            "PS256" => _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            "PS384" => _rsa.SignData(data, HashAlgorithmName.SHA384, RSASignaturePadding.Pss),
            "PS512" => _rsa.SignData(data, HashAlgorithmName.SHA512, RSASignaturePadding.Pss),
            "ES256" => _ec.SignData(data, HashAlgorithmName.SHA256),
            _ => throw new NotSupportedException($"The test identity provider cannot sign with {algorithm}."),
        });
    }

    /// <summary>An HMAC-signed token with any secret: what an attacker would send.</summary>
    public string CreateHmacToken(byte[] secret, IReadOnlyDictionary<string, object?>? claims = null, string algorithm = "HS256", string? keyId = null) =>
        Sign(Header(algorithm, keyId ?? RsaKeyId), Payload(claims), data => algorithm switch
        {
            "HS256" => HMACSHA256.HashData(secret, data),
            "HS384" => HMACSHA384.HashData(secret, data),
            "HS512" => HMACSHA512.HashData(secret, data),
            _ => throw new NotSupportedException($"{algorithm} is not an HMAC algorithm."),
        });

    /// <summary>An <c>alg: none</c> token with an empty signature.</summary>
    public string CreateUnsignedToken(IReadOnlyDictionary<string, object?>? claims = null) =>
        Sign(Header("none", string.Empty), Payload(claims), _ => []);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
        _ec.Dispose();
        _retired.ForEach(key => key.Dispose());
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path == $"/{TenantId}/v2.0/.well-known/openid-configuration")
        {
            Interlocked.Increment(ref _discoveryFetches);
            return Unavailable ? Outage(context) : context.Response.WriteAsJsonAsync(new Dictionary<string, object>
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = $"{Address}/{TenantId}/discovery/v2.0/keys",
                ["authorization_endpoint"] = $"{Address}/{TenantId}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"{Address}/{TenantId}/oauth2/v2.0/token",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        }

        if (path == $"/{TenantId}/discovery/v2.0/keys")
        {
            Interlocked.Increment(ref _jwksFetches);
            return Unavailable ? Outage(context) : context.Response.WriteAsJsonAsync(new { keys = new[] { RsaJwk(), EcJwk() } });
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static Task Outage(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return Task.CompletedTask;
    }

    private Dictionary<string, string> RsaJwk()
    {
        var key = _rsa.ExportParameters(includePrivateParameters: false);
        return new() { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = RsaKeyId, ["n"] = Base64Url.EncodeToString(key.Modulus), ["e"] = Base64Url.EncodeToString(key.Exponent) };
    }

    private Dictionary<string, string> EcJwk()
    {
        var key = _ec.ExportParameters(includePrivateParameters: false);
        return new()
        {
            ["kty"] = "EC", ["use"] = "sig", ["kid"] = EcKeyId, ["crv"] = "P-256",
            ["x"] = Base64Url.EncodeToString(key.Q.X), ["y"] = Base64Url.EncodeToString(key.Q.Y),
        };
    }

    private static Dictionary<string, object?> Header(string algorithm, string keyId)
    {
        var header = new Dictionary<string, object?> { ["alg"] = algorithm, ["typ"] = "JWT" };
        if (keyId.Length > 0)
        {
            header["kid"] = keyId;
        }

        return header;
    }

    private Dictionary<string, object?> Payload(IReadOnlyDictionary<string, object?>? claims)
    {
        var now = Clock.GetUtcNow();
        var payload = new Dictionary<string, object?>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = Subject,
            ["tid"] = TenantId,
            ["scp"] = "orders:read",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };

        foreach (var (name, value) in claims ?? new Dictionary<string, object?>())
        {
            if (value is null)
            {
                payload.Remove(name);
            }
            else
            {
                payload[name] = value is DateTimeOffset time ? time.ToUnixTimeSeconds() : value;
            }
        }

        return payload;
    }

    private static string Sign(Dictionary<string, object?> header, Dictionary<string, object?> payload, Func<byte[], byte[]> signer)
    {
        var signingInput = $"{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload))}";
        return $"{signingInput}.{Base64Url.EncodeToString(signer(Encoding.ASCII.GetBytes(signingInput)))}";
    }
}
