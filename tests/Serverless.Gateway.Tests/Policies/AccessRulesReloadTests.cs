using System.Net;
using System.Text.Json;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Policies;

/// <summary>A change of a route's CORS or IP rules alone, with nothing else about the route changed, applies without a restart.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class AccessRulesReloadTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _configFile = Path.Combine(Path.GetTempPath(), $"gateway-{Guid.NewGuid():N}.json");
    private BackendServer _backend = null!;

    public async Task InitializeAsync() => _backend = await BackendServer.StartAsync("api");

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        File.Delete(_configFile);
    }

    private Task WriteConfigAsync(string origin, string deny) => File.WriteAllTextAsync(_configFile, JsonSerializer.Serialize(new
    {
        Gateway = new
        {
            Routes = new
            {
                api = new
                {
                    Path = "/api/{**rest}",
                    Backend = "api",
                    Cors = new { AllowedOrigins = new[] { origin } },
                    IpRules = new { Deny = new[] { deny } },
                },
            },
            Backends = new { api = new { Destinations = new { d = _backend.Address } } },
        },
    }));

    private static async Task<(HttpStatusCode Status, string? AllowedOrigin)> GetAsync(GatewayTestServer gateway, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/x");
        request.Headers.TryAddWithoutValidation("Origin", origin);
        var response = await gateway.Client.SendAsync(request);
        return (response.StatusCode, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null);
    }

    [Fact]
    public async Task New_origins_and_address_rules_apply_without_a_restart()
    {
        await WriteConfigAsync("https://one.example.com", "203.0.113.0/24");
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new Dictionary<string, string?>(), _configFile);
        Assert.Equal((HttpStatusCode.OK, "https://one.example.com"), await GetAsync(gateway, "https://one.example.com"));

        await WriteConfigAsync("https://two.example.com", "203.0.113.0/24");
        await Eventually.TrueAsync(async () => (await GetAsync(gateway, "https://two.example.com")).AllowedOrigin is not null);
        Assert.Equal((HttpStatusCode.OK, null), await GetAsync(gateway, "https://one.example.com"));

        await WriteConfigAsync("https://two.example.com", "127.0.0.0/8");
        await Eventually.TrueAsync(async () => (await GetAsync(gateway, "https://two.example.com")).Status == HttpStatusCode.Forbidden);
    }
}
