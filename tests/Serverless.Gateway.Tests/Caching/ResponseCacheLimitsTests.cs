using System.Net;
using System.Text;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Caching;

/// <summary>
/// The memory tier of a real gateway with a small <c>Caching:MemoryLimitBytes</c>, in front of a backend that numbers
/// its answers and pads them to the size asked for: the newest entries stay, the oldest go, and an answer above the
/// route's <c>MaxEntryBytes</c> reaches the client whole without being stored.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class ResponseCacheLimitsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const int MemoryLimit = 40_000;
    private const int EntryBytes = 8_000;
    private int _served;
    private BackendServer _backend = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("api", async context =>
        {
            var bytes = int.Parse(context.Request.Query["bytes"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var body = Encoding.ASCII.GetBytes($"answer {Interlocked.Increment(ref _served)};".PadRight(bytes, 'x'));
            if (context.Request.Query.ContainsKey("length"))
            {
                context.Response.ContentLength = body.Length;
            }

            // In pieces, so the cache sees several writes and gives up its copy part way.
            for (var offset = 0; offset < body.Length; offset += 4096)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(offset, Math.Min(4096, body.Length - offset)));
            }
        });
        var settings = new GatewaySettings()
            .Backend("api", _backend.Address)
            .Route("limited", "/limited/{**rest}", "api", ("Cache:Duration", "00:10:00"), ("Cache:MaxEntryBytes", "10000"))
            .Set("Caching:MemoryLimitBytes", MemoryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _gateway = await GatewayTestServer.StartAsync(azurite, settings.Build());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Storing_more_than_the_memory_limit_evicts_the_oldest_entries_and_keeps_at_most_what_fits()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("MISS", (await GetAsync($"/limited/e{i}?bytes={EntryBytes}")).Cache);
        }

        // Newest first, so each hit only makes its entry the most recent and evicts nothing.
        var hits = 0;
        for (var i = 9; i >= 0 && (await GetAsync($"/limited/e{i}?bytes={EntryBytes}")).Cache == "HIT"; i--)
        {
            hits++;
        }

        // The walk ended on the first evicted entry, which went to the backend.
        Assert.InRange(hits, 1, MemoryLimit / EntryBytes);
        Assert.Equal(11, _backend.RequestCount);
        var oldest = await GetAsync($"/limited/e0?bytes={EntryBytes}");
        Assert.Equal("MISS", oldest.Cache);
        Assert.StartsWith("answer 12;", oldest.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&length=1")]
    public async Task An_answer_above_max_entry_bytes_reaches_the_client_whole_and_is_never_stored(string length)
    {
        var path = $"/limited/big?bytes=50000{length}";
        var first = await GetAsync(path);
        var second = await GetAsync(path);

        Assert.Equal(("MISS", 50_000), (first.Cache, first.Body.Length));
        Assert.StartsWith("answer 1;", first.Body, StringComparison.Ordinal);
        Assert.Equal(("MISS", 50_000), (second.Cache, second.Body.Length));
        Assert.StartsWith("answer 2;", second.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, first.Status);
    }

    private async Task<(string Cache, string Body, HttpStatusCode Status)> GetAsync(string path)
    {
        using var response = await _gateway.Client.GetAsync(path);
        var cache = response.Headers.TryGetValues("X-Cache", out var values) ? string.Join(",", values) : "-";
        return (cache, await response.Content.ReadAsStringAsync(), response.StatusCode);
    }
}
