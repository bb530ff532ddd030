using System.Net;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.LocalRun.DevIdentity;

/// <summary>
/// A development OpenID Connect provider on loopback: only the discovery document and the JWKS, enough for the gateway to
/// validate tokens exactly as it does with Entra ID (discovery, key fetch, <c>kid</c> match, issuer check). Tokens come
/// from the <c>token</c> command; there is no sign-in, no client and no secret here.
/// </summary>
internal sealed class DevIdentityProvider : IAsyncDisposable
{
    public const string DiscoveryPath = "/.well-known/openid-configuration";
    public const string JwksPath = "/.well-known/jwks.json";

    private static readonly string[] ResponseTypes = ["token"];
    private static readonly string[] SubjectTypes = ["public"];
    private static readonly string[] Algorithms = [SecurityAlgorithms.EcdsaSha256];

    private readonly WebApplication _app;

    private DevIdentityProvider(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The provider's address, which is also its issuer (the gateway's <c>Auth:Jwt:Authority</c>).</summary>
    public Uri Address { get; }

    public string Issuer => DevTokenIssuer.IssuerFor(Address);

    /// <summary>Serves <paramref name="key"/>'s public half on 127.0.0.1 at <paramref name="port"/> (0 picks a free port).</summary>
    public static async Task<DevIdentityProvider> StartAsync(DevSigningKey key, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);

        // The empty builder reads no appsettings or environment variables: the provider behaves the same wherever it runs.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(DevIdentityProvider).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();

        // The issuer is the bound address, known only once Kestrel listens (port 0).
        string? issuer = null;
        app.MapGet(DiscoveryPath, () => TypedResults.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer!,
            ["jwks_uri"] = issuer + JwksPath,
            ["response_types_supported"] = ResponseTypes,
            ["subject_types_supported"] = SubjectTypes,
            ["id_token_signing_alg_values_supported"] = Algorithms,
        }));
        app.MapGet(JwksPath, () => TypedResults.Json(new { keys = new[] { key.PublicJwk() } }));

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = new Uri(app.Urls.Single());
        issuer = DevTokenIssuer.IssuerFor(address);
        return new DevIdentityProvider(app, address);
    }

    /// <summary>
    /// The gateway settings (environment variables) that make it trust this provider: discovery over plain http, which
    /// only a loopback provider justifies, and the development audience.
    /// </summary>
    public IReadOnlyDictionary<string, string> GatewaySettings() => new Dictionary<string, string>
    {
        ["Auth__Jwt__Enabled"] = "true",
        ["Auth__Jwt__Authority"] = Issuer,
        ["Auth__Jwt__RequireHttpsMetadata"] = "false",
        ["Auth__Jwt__ValidAudiences__0"] = DevTokenIssuer.Audience,
    };

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
