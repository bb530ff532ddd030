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
using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Tests.Auth.Assertions;

/// <summary>
/// Stands in for the gateway on a real loopback port: publishes the public parts of its keys at
/// <see cref="GatewayAssertion.JwksPath"/>, counts fetches, can fail like an outage, and mints assertions with any
/// header and claims, signed with any key.
/// </summary>
public sealed class TestJwksServer : IAsyncDisposable
{
    public const string Audience = "orders";

    private readonly WebApplication _app;
    private readonly List<TestSigningKey> _published = [];
    private readonly Lock _keys = new();
    private int _fetches;

    private TestJwksServer(WebApplication app, TimeProvider clock)
    {
        _app = app;
        Clock = clock;
    }

    public string JwksUri { get; private set; } = string.Empty;

    /// <summary>The clock minted assertions take <c>iat</c>, <c>nbf</c> and <c>exp</c> from.</summary>
    public TimeProvider Clock { get; }

    public int Fetches => Volatile.Read(ref _fetches);

    /// <summary>When true the key set answers 503.</summary>
    public bool Unavailable { get; set; }

    public static async Task<TestJwksServer> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new TestJwksServer(app, clock);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.JwksUri = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + GatewayAssertion.JwksPath;
        return server;
    }

    public void Publish(TestSigningKey key)
    {
        lock (_keys)
        {
            _published.Add(key);
        }
    }

    /// <summary>The validator a backend would register, for this server's key set and <see cref="Audience"/>.</summary>
    public ServiceProvider CreateValidatorServices() => BackendValidatorServices.Create(JwksUri, Audience, Clock);

    /// <summary>
    /// An assertion as the gateway signs it unless told otherwise: <paramref name="claims"/> replace or add claims (null
    /// removes one, <see cref="DateTimeOffset"/> becomes NumericDate), <paramref name="header"/> likewise for the header.
    /// </summary>
    public string Mint(TestSigningKey key, IReadOnlyDictionary<string, object?>? claims = null, IReadOnlyDictionary<string, object?>? header = null)
    {
        var headerValues = Merge(new Dictionary<string, object?> { ["alg"] = "ES256", ["kid"] = key.Id, ["typ"] = GatewayAssertion.TokenType }, header);
        var signingInput = SigningInput(headerValues, Payload(claims));
        return $"{signingInput}.{Base64Url.EncodeToString(key.Key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256))}";
    }

    /// <summary>An assertion signed with HMAC-SHA256 under any secret: the key-confusion attack when the secret is the public key.</summary>
    public string MintHmac(byte[] secret, string keyId)
    {
        var signingInput = SigningInput(new Dictionary<string, object?> { ["alg"] = "HS256", ["kid"] = keyId, ["typ"] = GatewayAssertion.TokenType }, Payload(null));
        return $"{signingInput}.{Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput)))}";
    }

    /// <summary>An <c>alg: none</c> assertion with an empty signature.</summary>
    public string MintUnsigned(string keyId) =>
        SigningInput(new Dictionary<string, object?> { ["alg"] = "none", ["kid"] = keyId, ["typ"] = GatewayAssertion.TokenType }, Payload(null)) + ".";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != GatewayAssertion.JwksPath)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        Interlocked.Increment(ref _fetches);
        if (Unavailable)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        }

        lock (_keys)
        {
            return context.Response.WriteAsJsonAsync(new { keys = _published.Select(key => key.PublicJwk()).ToList() });
        }
    }

    private Dictionary<string, object?> Payload(IReadOnlyDictionary<string, object?>? claims)
    {
        var now = Clock.GetUtcNow();
        return Merge(new Dictionary<string, object?>
        {
            ["iss"] = GatewayAssertion.DefaultIssuer,
            ["aud"] = Audience,
            ["sub"] = "key-1",
            ["tid"] = "contoso",
            ["plan"] = "gold",
            ["scp"] = "orders:read orders:write",
            ["auth"] = "ApiKey",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now.AddMinutes(1),
        }, claims);
    }

    private static Dictionary<string, object?> Merge(Dictionary<string, object?> values, IReadOnlyDictionary<string, object?>? changes)
    {
        foreach (var (name, value) in changes ?? new Dictionary<string, object?>())
        {
            values[name] = value;
        }

        return values.Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value is DateTimeOffset time ? time.ToUnixTimeSeconds() : pair.Value);
    }

    private static string SigningInput(Dictionary<string, object?> header, Dictionary<string, object?> payload) =>
        $"{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload))}";
}
