using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.LocalRun;
using Serverless.LocalRun.Azurite;
using Serverless.Samples;

namespace Serverless.Gateway.Tests.LocalRun;

/// <summary>
/// The README's canary, mirror, cache and composite walkthroughs on the local run's gateway.local.json, with the demo
/// backends the local run starts (on free ports instead of its fixed ones) and a recording shadow.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class DeliveryWalkthroughTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly List<IAsyncDisposable> _started = [];

    // The cached route's 5 s of freshness pass when the test says so, not while a loaded machine is slow.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private DemoBackend _catalogOrigin = null!;
    private BackendServer _shadow = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        var catalog1 = await StartDemoAsync("catalog-1");
        var catalog2 = await StartDemoAsync("catalog-2");
        var echo = await StartDemoAsync("echo-1");
        _catalogOrigin = await StartDemoAsync("catalog-3");
        _shadow = await BackendServer.StartAsync("echo-shadow-1");
        _started.Add(_shadow);

        _gateway = await GatewayTestServer.StartAsync(
            azurite,
            new GatewaySettings()
                .Set("Gateway:Backends:catalog:Destinations:catalog-1", catalog1.Address.ToString())
                .Set("Gateway:Backends:catalog:Destinations:catalog-2", catalog2.Address.ToString())
                .Set("Gateway:Backends:catalog-release:Destinations:catalog-1", catalog1.Address.ToString())
                .Set("Gateway:Backends:catalog-release:Destinations:catalog-2", catalog2.Address.ToString())
                .Set("Gateway:Backends:catalog-origin:Destinations:catalog-3", _catalogOrigin.Address.ToString())
                .Set("Gateway:Backends:echo:Destinations:echo-1", echo.Address.ToString())
                .Set("Gateway:Backends:echo-shadow:Destinations:echo-shadow-1", _shadow.Address)

                // Port 1 on loopback: nothing listens there, as nothing listens on the reviews port in the local run.
                .Set("Gateway:Backends:reviews:Destinations:reviews-1", "http://127.0.0.1:1/")
                // Retries wait between attempts on the clock, which here moves only when a test advances it.
                .Set("Gateway:Backends:catalog-origin:Resilience:Retry:MaxRetries", "0")
                .Set("Gateway:Backends:reviews:Resilience:Retry:MaxRetries", "0")
                .Set("Auth:ApiKeys:Table", "WalkthroughKeys" + Guid.NewGuid().ToString("N")[..8])
                .Set("Functions:Triggers:Enabled", "false")
                .Build(),
            LocalRunner.GatewayConfigPath(RepositoryRoot.Find()),
            builder => builder.Services.AddSingleton<TimeProvider>(_time));
        _started.Add(_gateway);
    }

    public async Task DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }

        _timeout.Dispose();
    }

    [Fact]
    public async Task Each_tenant_stays_on_one_catalog_instance_and_the_readme_tenants_put_litware_alone_on_the_canary()
    {
        string[] tenants = ["acme", "contoso", "fabrikam", "northwind", "tailspin", "woodgrove", "litware", "proseware", "alpine", "coho"];
        var keys = _gateway.Services.GetRequiredService<ApiKeyManager>();
        var servedBy = new Dictionary<string, string>();
        foreach (var tenant in tenants)
        {
            var key = (await keys.CreateAsync(tenant, "standard", ["catalog:read"], null, null, _timeout.Token)).Key;
            var instances = new HashSet<string>();
            for (var i = 0; i < 3; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/secure/catalog/products");
                request.Headers.Add("X-Api-Key", key);
                using var response = await _gateway.Client.SendAsync(request, _timeout.Token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                instances.Add(await ServedByAsync(response));
            }

            servedBy[tenant] = Assert.Single(instances);
        }

        Assert.Equal(["litware"], servedBy.Where(pair => pair.Value == "catalog-2").Select(pair => pair.Key));
    }

    [Fact]
    public async Task The_echo_route_answers_from_echo_and_copies_the_request_to_the_shadow()
    {
        using var response = await _gateway.Client.GetAsync(new Uri("/echo/hello?from=walkthrough", UriKind.Relative), _timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("echo-1", await ServedByAsync(response));
        await Eventually.TrueAsync(
            () => _shadow.Requests.Any(copy => copy.Path == "/echo/hello" && copy.QueryString.Contains("from=walkthrough", StringComparison.Ordinal)),
            because: "the shadow gets a copy of the echo request");
    }

    [Fact]
    public async Task The_cached_catalog_answers_miss_then_hit_and_stale_while_its_backend_is_down()
    {
        Assert.Equal("MISS", await CacheResultAsync());
        Assert.Equal("HIT", await CacheResultAsync());

        using var client = new HttpClient { BaseAddress = _catalogOrigin.Address };
        using (var outage = await client.PutAsync(new Uri("/_control/outage", UriKind.Relative), null, _timeout.Token))
        {
            Assert.Equal(HttpStatusCode.OK, outage.StatusCode);
        }

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal("HIT", await CacheResultAsync());

        _time.Advance(TimeSpan.FromSeconds(2));
        using var stale = await _gateway.Client.GetAsync(new Uri("/cached/catalog/products", UriKind.Relative), _timeout.Token);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal("STALE", stale.Headers.GetValues("X-Cache").Single());
        Assert.Contains("110", stale.Headers.Warning.ToString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(6), stale.Headers.Age);
        Assert.Equal("catalog-3", await ServedByAsync(stale));
    }

    [Fact]
    public async Task The_product_page_merges_catalog_and_echo_and_names_reviews_missing()
    {
        using var response = await _gateway.Client.GetAsync(new Uri("/shop/products/1", UriKind.Relative), _timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_timeout.Token));
        Assert.Equal("1", page.RootElement.GetProperty("product").GetProperty("product").GetProperty("id").GetString());
        Assert.Equal("/echo/shop/1", page.RootElement.GetProperty("echo").GetProperty("path").GetString());
        var incomplete = page.RootElement.GetProperty("_incomplete");
        Assert.Equal("parts_missing", incomplete.GetProperty("code").GetString());
        Assert.Equal(["reviews"], incomplete.GetProperty("missing").EnumerateArray().Select(part => part.GetString()));
    }

    private async Task<DemoBackend> StartDemoAsync(string name)
    {
        var backend = await DemoBackend.StartAsync(name, 0, _timeout.Token);
        _started.Add(backend);
        return backend;
    }

    private async Task<string> CacheResultAsync()
    {
        using var response = await _gateway.Client.GetAsync(new Uri("/cached/catalog/products", UriKind.Relative), _timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("X-Cache").Single();
    }

    private async Task<string> ServedByAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_timeout.Token));
        return body.RootElement.GetProperty("servedBy").GetString()!;
    }
}
