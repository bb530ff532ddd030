using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Azure;
using Azure.Data.Tables;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Revisions;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Revisions;

/// <summary>An instance with revisions on: what it serves at start, and what it does with a live revision it cannot apply.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class RevisionPollerTests(AzuriteFixture azurite)
{
    private readonly string _table = "PollRev" + Guid.NewGuid().ToString("N")[..10];

    private RevisionStore Store()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }).Build();
        return new RevisionStore(StorageClientFactory.Create(configuration), Options.Create(new RevisionOptions { Table = _table }));
    }

    /// <summary>Writes straight to the table, past the CLI's validation: as a newer version of the CLI, or a hand edit, could.</summary>
    private async Task PublishUncheckedAsync(string json)
    {
        var store = Store();
        await store.PublishAsync(new ConfigurationRevision(0, "test", DateTimeOffset.UtcNow, null, null, json), await store.GetLiveAsync(CancellationToken.None), CancellationToken.None);
    }

    private IReadOnlyDictionary<string, string?> Settings(BackendServer a, BackendServer b) => new GatewaySettings()
        .Backend("a", a.Address)
        .Backend("b", b.Address)
        .Route("shop", "/shop/{**rest}", "a")
        .Set("ConfigurationRevisions:Enabled", "true")
        .Set("ConfigurationRevisions:PollInterval", "00:00:00.200")
        .Set("ConfigurationRevisions:Table", _table)
        .Build();

    private static string ShopOn(string backend) => $$"""{ "Gateway": { "Routes": { "shop": { "Path": "/shop/{**rest}", "Backend": "{{backend}}" } } } }""";

    [Fact]
    public async Task A_new_instance_serves_the_live_revision_from_its_first_request()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await PublishUncheckedAsync(ShopOn("b"));

        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings(a, b));
        using var response = await gateway.Client.GetAsync("/shop/first");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("b", response.Headers.GetValues("X-Served-By").Single());
        Assert.Equal(0, a.RequestCount);
    }

    [Fact]
    public async Task A_revision_live_at_start_is_read_before_anything_binds_so_its_policies_are_synced_without_bootstrap_policies()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        var limits = "PollRl" + Guid.NewGuid().ToString("N")[..10];
        await PublishUncheckedAsync(
            """{ "Gateway": { "Routes": { "shop": { "Path": "/shop/{**rest}", "Backend": "a", "RateLimitPolicy": "tight" } } }, "RateLimiting": { "Policies": { "tight": { "Limit": 100 } } } }""");
        var settings = new Dictionary<string, string?>(Settings(a, b)) { ["RateLimiting:Table"] = limits };

        await using var gateway = await GatewayTestServer.StartAsync(azurite, settings);
        using var response = await gateway.Client.GetAsync("/shop/limited");
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(limits);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("q=100", response.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    return await table.QueryAsync<TableEntity>(select: ["RowKey"]).AnyAsync();
                }
                catch (RequestFailedException)
                {
                    return false;
                }
            },
            because: "The limiter's sync did not write the revision's policy counters.");
    }

    [Fact]
    public async Task A_live_revision_that_fails_validation_is_refused_and_readiness_names_it_while_the_last_good_one_serves()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        using var counted = new MeterListener();
        var outcomes = new ConcurrentQueue<(string? Outcome, long? Revision)>();
        counted.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Serverless.Gateway" && instrument.Name == "gateway.config.revisions")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        counted.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var all = tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value);
            outcomes.Enqueue(((string?)all["outcome"], (long?)all["revision"]));
        });
        counted.Start();
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings(a, b));
        await PublishUncheckedAsync(ShopOn("b"));
        await Eventually.TrueAsync(async () => (await ConfigurationCheckAsync(gateway)).Data.TryGetProperty("publishedRevision", out var n) && n.GetInt64() == 1);

        await PublishUncheckedAsync(ShopOn("nowhere"));
        await Eventually.TrueAsync(async () => (await ConfigurationCheckAsync(gateway)).Data.TryGetProperty("rejectedRevision", out var n) && n.GetInt64() == 2);
        var (status, description, data) = await ConfigurationCheckAsync(gateway);
        using var response = await gateway.Client.GetAsync("/shop/after");

        Assert.Equal("Degraded", status);
        Assert.Equal(1, data.GetProperty("publishedRevision").GetInt64());
        Assert.Contains("published revision 2 is live but was rejected: Gateway:Routes:shop:Backend: backend 'nowhere' is not defined", description, StringComparison.Ordinal);
        Assert.Equal("b", response.Headers.GetValues("X-Served-By").Single());
        Assert.Equal([("applied", 1L), ("rejected", 2L)], outcomes.Select(o => (o.Outcome, o.Revision)).Distinct());

        await PublishUncheckedAsync(ShopOn("a"));
        await Eventually.TrueAsync(async () => (await ConfigurationCheckAsync(gateway)).Status == "Healthy");
        await Eventually.TrueAsync(async () => (await gateway.Client.GetAsync("/shop/fixed")).Headers.GetValues("X-Served-By").Single() == "a");
    }

    [Fact]
    public async Task An_auth_policy_changed_by_a_revision_applies_to_the_routes_that_name_it()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        var settings = new Dictionary<string, string?>(Settings(a, b))
        {
            ["Gateway:Routes:shop:AuthPolicy"] = "guard",
            ["Auth:Policies:guard:Require"] = "ApiKey",
        };
        await using var gateway = await GatewayTestServer.StartAsync(azurite, settings);
        using var before = await gateway.Client.GetAsync("/shop/guarded");

        await PublishUncheckedAsync("""{ "Auth": { "Policies": { "guard": { "Require": "Anonymous" } } } }""");

        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        await Eventually.TrueAsync(async () => (await gateway.Client.GetAsync("/shop/open")).StatusCode == HttpStatusCode.OK, because: "The published policy did not apply.");
    }

    [Fact]
    public async Task A_live_revision_that_is_not_json_is_refused_too()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings(a, b));

        await PublishUncheckedAsync("{ \"Gateway\": ");
        await Eventually.TrueAsync(async () => (await ConfigurationCheckAsync(gateway)).Data.TryGetProperty("rejectedRevision", out _));
        var (status, description, _) = await ConfigurationCheckAsync(gateway);

        Assert.Equal("Degraded", status);
        Assert.Contains("(the bootstrap configuration; no published revision applied)", description, StringComparison.Ordinal);
        Assert.Contains("published revision 1 is live but was rejected: revision 1:1:", description, StringComparison.Ordinal);
        Assert.Equal("a", (await gateway.Client.GetAsync("/shop/x")).Headers.GetValues("X-Served-By").Single());
    }

    private static async Task<(string Status, string Description, JsonElement Data)> ConfigurationCheckAsync(GatewayTestServer gateway)
    {
        using var response = await gateway.Client.GetAsync("/readyz");
        var check = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("configuration");
        return (check.GetProperty("status").GetString()!, check.GetProperty("description").GetString()!, check.GetProperty("data"));
    }
}
