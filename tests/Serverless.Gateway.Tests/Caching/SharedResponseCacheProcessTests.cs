using Azure.Data.Tables;
using Serverless.Gateway.Cli;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Caching;

/// <summary>
/// The shared tier across two real gateway processes on the same storage: what one stored, the other serves; what the
/// CLI purged, neither finds there.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class SharedResponseCacheProcessTests(AzuriteFixture azurite)
{
    private readonly string _table = "Cache" + Guid.NewGuid().ToString("N")[..10];
    private int _served;

    [Fact]
    public async Task An_entry_stored_by_one_gateway_is_a_hit_on_another_until_purged_through_the_cli()
    {
        await using var backend = await BackendServer.StartAsync("catalog", context => context.Response.WriteAsync($"answer {Interlocked.Increment(ref _served)}"));
        var settings = new GatewaySettings()
            .Backend("catalog", backend.Address)
            .Route("catalog", "/catalog/{**rest}", "catalog", ("Cache:Shared", "true"), ("Cache:Public", "true"), ("Cache:Duration", "00:10:00"))
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Set("Caching:Table", _table)
            .Set("HeartbeatSchedule", "0 0 0 1 1 *")
            .Build();
        await using var first = AppChildProcess.Start(AppChildProcess.Gateway, settings);
        await using var second = AppChildProcess.Start(AppChildProcess.Gateway, settings);
        await Task.WhenAll(first.WaitUntilListeningAsync(), second.WaitUntilListeningAsync());

        var miss = await GetAsync(first, "/catalog/products?page=1");
        await WaitForSharedEntriesAsync(1);
        var hit = await GetAsync(second, "/catalog/products?page=1");

        Assert.Equal(("MISS", "answer 1"), miss);
        Assert.Equal(("HIT", "answer 1"), hit);
        Assert.Equal(1, backend.RequestCount);

        await GetAsync(first, "/catalog/products?page=2");
        await GetAsync(first, "/catalog/offers");
        await WaitForSharedEntriesAsync(3);
        Assert.Contains("Purged 1 shared entry", await PurgeAsync("--route", "catalog", "--key", "/catalog/products?page=2"));
        Assert.Equal(("MISS", "answer 4"), await GetAsync(second, "/catalog/products?page=2"));
        Assert.Equal(("HIT", "answer 3"), await GetAsync(second, "/catalog/offers"));

        await WaitForSharedEntriesAsync(3);
        Assert.Contains("Purged 3 shared entries", await PurgeAsync("--route", "catalog"));
        Assert.Equal(("MISS", "answer 5"), await GetAsync(second, "/catalog/products?page=3"));
    }

    private static async Task<(string Cache, string Body)> GetAsync(AppChildProcess gateway, string path)
    {
        // The host is part of the key: as behind one public name, every instance sees the same one, whatever its port.
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "api.example";
        using var response = await gateway.Client.SendAsync(request);
        return (string.Join(",", response.Headers.GetValues("X-Cache")), await response.Content.ReadAsStringAsync());
    }

    private async Task<string> PurgeAsync(params string[] args)
    {
        using var output = new StringWriter();
        var storage = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString, ["Caching:Table"] = _table };
        Assert.Equal(0, await GatewayCli.RunAsync(["cache", "purge", .. args], output, output, storage));
        return output.ToString();
    }

    /// <summary>Entries are written behind the response, so they appear in the table a moment after it.</summary>
    private async Task WaitForSharedEntriesAsync(int count)
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(_table);
        await Eventually.TrueAsync(
            async () => await table.QueryAsync<TableEntity>(select: ["RowKey"]).CountAsync() >= count, because: $"Expected {count} entries in the shared tier.");
    }
}
