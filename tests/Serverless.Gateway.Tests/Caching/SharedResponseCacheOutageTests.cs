using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Serverless.Gateway.Tests.Functions;
using Serverless.Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Serverless.Gateway.Tests.Caching;

/// <summary>
/// The shared tier's storage goes away under a running gateway (Azurite stopped mid-test, and always started again) or
/// was never reachable: every request is still answered, from memory or the backend, and the failures are logged.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class SharedResponseCacheOutageTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int ReadFailed = 6000;
    private const int WriteFailed = 6001;
    private int _served;

    [Fact]
    public async Task Storage_stopping_mid_run_costs_only_shared_entries_never_a_request_and_both_failures_are_logged()
    {
        var logs = new CapturedLogs();
        await using var backend = await StartBackendAsync();
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings(backend), configure: builder => builder.Logging.AddProvider(logs));

        var before = await GetAsync(gateway, "/catalog/a");

        List<(int Status, string Cache, string Body)> during = [];
        try
        {
            await azurite.Azurite.StopAsync();
            var watch = Stopwatch.StartNew();
            during.Add(await GetAsync(gateway, "/catalog/a"));
            during.Add(await GetAsync(gateway, "/catalog/b"));
            output.WriteLine($"A memory miss with storage down took {watch.Elapsed}; without a budget the storage client retries for seconds.");
            during.Add(await GetAsync(gateway, "/catalog/b"));
            during.Add(await GetAsync(gateway, "/catalog/c"));
            await Eventually.TrueAsync(
                () => logs.WithEventId(ReadFailed).Count >= 2 && logs.WithEventId(WriteFailed).Count >= 2,
                timeout: TimeSpan.FromMinutes(2), because: "Each failed read and write of the shared tier is logged.");
        }
        finally
        {
            await azurite.Azurite.StartAsync();
        }

        Assert.Equal((200, "MISS", "answer 1"), before);
        Assert.Equal(
            [(200, "HIT", "answer 1"), (200, "MISS", "answer 2"), (200, "HIT", "answer 2"), (200, "MISS", "answer 3")],
            during);
        Assert.All(logs.WithEventId(ReadFailed).Concat(logs.WithEventId(WriteFailed)), log => Assert.Equal(LogLevel.Warning, log.Level));
    }

    [Fact]
    public async Task A_table_endpoint_refusing_connections_leaves_every_request_answered_from_the_backend_or_memory()
    {
        var logs = new CapturedLogs();
        await using var backend = await StartBackendAsync();
        var settings = Settings(backend);

        // A port nothing listens on: every connection is refused.
        settings["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Serverless.LocalRun.Azurite.AzuriteProcess.AccountKey
            + ";TableEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;";
        await using var gateway = await GatewayTestServer.StartAsync(azurite, settings, configure: builder => builder.Logging.AddProvider(logs));

        var first = await GetAsync(gateway, "/catalog/x");
        var second = await GetAsync(gateway, "/catalog/x");
        var other = await GetAsync(gateway, "/catalog/y");

        Assert.Equal((200, "MISS", "answer 1"), first);
        Assert.Equal((200, "HIT", "answer 1"), second);
        Assert.Equal((200, "MISS", "answer 2"), other);
        await Eventually.TrueAsync(
            () => logs.WithEventId(ReadFailed).Count >= 2 && logs.WithEventId(WriteFailed).Count >= 2,
            timeout: TimeSpan.FromMinutes(2), because: "Each failed read and write of the shared tier is logged.");
    }

    [Fact]
    public async Task A_table_endpoint_that_accepts_connections_but_never_answers_costs_a_miss_its_read_budget_not_the_route_timeout()
    {
        var logs = new CapturedLogs();
        await using var backend = await StartBackendAsync();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var held = new List<Socket>();
        var accepting = HoldConnectionsAsync(silent, held, stop.Token);
        var settings = Settings(backend, ("Timeout", "00:00:20"));
        settings["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Serverless.LocalRun.Azurite.AzuriteProcess.AccountKey
            + $";TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        try
        {
            await using var gateway = await GatewayTestServer.StartAsync(azurite, settings, configure: builder => builder.Logging.AddProvider(logs));

            var first = await GetAsync(gateway, "/catalog/x");
            var second = await GetAsync(gateway, "/catalog/x");

            Assert.Equal((200, "MISS", "answer 1"), first);
            Assert.Equal((200, "HIT", "answer 1"), second);
            Assert.Contains(logs.WithEventId(ReadFailed), log => log.Message.Contains("Timeout", StringComparison.Ordinal));
            await Eventually.TrueAsync(
                () => logs.WithEventId(WriteFailed).Any(log => log.Message.Contains("Timeout", StringComparison.Ordinal)),
                timeout: TimeSpan.FromMinutes(1), because: "A write to a table that never answers is given up and logged.");
        }
        finally
        {
            await stop.CancelAsync();
            silent.Stop();
            await accepting;
            held.ForEach(socket => socket.Dispose());
        }
    }

    /// <summary>Accepts every connection and never reads from or answers on it, as a storage endpoint that hangs.</summary>
    private static async Task HoldConnectionsAsync(TcpListener listener, List<Socket> held, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                held.Add(await listener.AcceptSocketAsync(cancellationToken));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The test is over.
        }
    }

    private static Dictionary<string, string?> Settings(BackendServer backend, params (string Key, string Value)[] route) =>
        new(new GatewaySettings()
            .Backend("catalog", backend.Address)
            .Route("catalog", "/catalog/{**rest}", "catalog", [("Cache:Shared", "true"), ("Cache:Public", "true"), ("Cache:Duration", "00:10:00"), .. route])
            .Set("Caching:Table", "Outage" + Guid.NewGuid().ToString("N")[..10])
            .Build(), StringComparer.OrdinalIgnoreCase);

    private static async Task<(int Status, string Cache, string Body)> GetAsync(GatewayTestServer gateway, string path)
    {
        using var response = await gateway.Client.GetAsync(path);
        var cache = response.Headers.TryGetValues("X-Cache", out var values) ? string.Join(",", values) : "-";
        return ((int)response.StatusCode, cache, await response.Content.ReadAsStringAsync());
    }

    private Task<BackendServer> StartBackendAsync() =>
        BackendServer.StartAsync("catalog", context => context.Response.WriteAsync($"answer {Interlocked.Increment(ref _served)}"));
}
