using Microsoft.Extensions.DependencyInjection;
using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Auth.Jwt;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Hostile;

/// <summary>
/// A real gateway process on its own Azurite, in front of one recording backend, with the route shapes attackers aim
/// at: anonymous, API key, JWT, a rate-limited route per tenant and one per client address, and a small body limit.
/// </summary>
public sealed class HostileGateway : IAsyncLifetime
{
    public const long BodyLimit = 4096;
    public const int RateLimit = 5;

    private AzuriteProcess _azurite = null!;

    public AppChildProcess Gateway { get; private set; } = null!;

    public BackendServer Backend { get; private set; } = null!;

    public TestIdentityProvider IdentityProvider { get; private set; } = null!;

    public Uri Address => new(Gateway.Address);

    /// <summary>A key of tenant <c>contoso</c>, plan <c>standard</c>, scope <c>read</c>.</summary>
    public string Key { get; private set; } = null!;

    /// <summary>Another key of the same tenant, for rate-limit tests that must not spend <see cref="Key"/>'s budget.</summary>
    public string LimitedKey { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(RepositoryRoot.Find());
        Backend = await BackendServer.StartAsync("hostile-backend");
        IdentityProvider = await TestIdentityProvider.StartAsync();
        var settings = Settings();
        using (var keys = GatewayTestServer.Build(settings))
        {
            var manager = keys.Services.GetRequiredService<ApiKeyManager>();
            Key = (await manager.CreateAsync("contoso", "standard", ["read"], null, null, CancellationToken.None)).Key;
            LimitedKey = (await manager.CreateAsync("limited-tenant", "standard", ["read"], null, null, CancellationToken.None)).Key;
        }

        Gateway = AppChildProcess.Start(AppChildProcess.Gateway, settings);
        await Gateway.WaitUntilListeningAsync();
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await IdentityProvider.DisposeAsync();
        await Backend.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(IdentityProvider.CreateSettings(), StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["HeartbeatSchedule"] = "0 0 0 1 1 *",
            ["Functions:Triggers:Enabled"] = "false",
            ["Gateway:Backends:app:Destinations:d1"] = Backend.Address,
            ["Auth:Policies:key:Require"] = "ApiKey",
            ["Auth:Policies:jwt:Require"] = "Jwt",
            ["RateLimiting:Policies:tight:Limit"] = RateLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimiting:Policies:tight:Window"] = "01:00:00",
        };
        Route(settings, "anon", "/anon/{**rest}");
        Route(settings, "key", "/key/{**rest}", auth: "key");
        Route(settings, "jwt", "/jwt/{**rest}", auth: "jwt");
        Route(settings, "limited", "/limited/{**rest}", auth: "key", rateLimit: "tight");
        Route(settings, "limited-anon", "/limited-anon/{**rest}", rateLimit: "tight");
        settings["Gateway:Routes:anon:MaxRequestBodySize"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    private static void Route(Dictionary<string, string?> settings, string id, string path, string? auth = null, string? rateLimit = null)
    {
        settings[$"Gateway:Routes:{id}:Path"] = path;
        settings[$"Gateway:Routes:{id}:Backend"] = "app";
        if (auth is not null)
        {
            settings[$"Gateway:Routes:{id}:AuthPolicy"] = auth;
        }

        if (rateLimit is not null)
        {
            settings[$"Gateway:Routes:{id}:RateLimitPolicy"] = rateLimit;
        }
    }
}
