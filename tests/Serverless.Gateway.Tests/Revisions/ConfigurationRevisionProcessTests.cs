using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Serverless.Gateway.Cli;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Revisions;

/// <summary>
/// Three real gateway processes on one Azurite serve continuous traffic while a revision that moves a route to another
/// backend and tightens a rate-limit policy is published, then rolled back: every process applies both without a
/// restart, no request fails, and 429s come only from the tightened policy while it is live.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class ConfigurationRevisionProcessTests(AzuriteFixture azurite) : IDisposable
{
    private const int Instances = 3;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly string _revisions = "ProcRev" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _limits = "ProcRl" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _directory = Directory.CreateTempSubdirectory("revision-process-").FullName;
    private readonly ConcurrentQueue<Outcome> _outcomes = new();
    private readonly bool[] _rolledBack = new bool[Instances];
    private volatile bool _tightened;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Gateway_processes_apply_a_published_revision_and_its_rollback_under_traffic_without_a_failed_request_or_a_restart()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        var bootstrap = new GatewaySettings()
            .Backend("a", a.Address)
            .Backend("b", b.Address)
            .Route("shop", "/shop/{**rest}", "a")
            .Route("limited", "/limited/{**rest}", "a", ("RateLimitPolicy", "tight"))
            .Set("RateLimiting:Policies:tight:Limit", "1000000")
            .Set("RateLimiting:Policies:tight:Window", "01:00:00")
            .Set("RateLimiting:Table", _limits)
            .Set("ConfigurationRevisions:Table", _revisions)
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Build();
        Assert.Contains("Published revision 1", await PublishAsync(bootstrap, "publish", Document("a", 1_000_000), "-m", "shop on a"));

        var settings = new Dictionary<string, string?>(bootstrap)
        {
            ["ConfigurationRevisions:Enabled"] = "true",
            ["ConfigurationRevisions:PollInterval"] = "00:00:00.500",
            ["HeartbeatSchedule"] = "0 0 0 1 1 *",
        };
        var gateways = Enumerable.Range(0, Instances).Select(_ => AppChildProcess.Start(AppChildProcess.Gateway, settings)).ToArray();
        try
        {
            await Task.WhenAll(gateways.Select(gateway => gateway.WaitUntilListeningAsync()));
            var processIds = gateways.Select(gateway => gateway.Id).ToArray();
            await AllAsync(gateways, gateway => PublishedRevisionIsAsync(gateway, 1), "every instance serves revision 1 from its start");

            using var stop = new CancellationTokenSource();
            var traffic = gateways.Select((gateway, index) => Task.Run(() => SendUntilStoppedAsync(gateway, index, stop.Token))).ToArray();
            await Eventually.TrueAsync(() => _outcomes.Count > 30 * Instances, Deadline, "traffic flows before the change");

            _tightened = true;
            Assert.Contains("Published revision 2", await PublishAsync(bootstrap, "publish", Document("b", 3), "-m", "shop on b, tight to 3 an hour"));
            await AllAsync(gateways, gateway => PublishedRevisionIsAsync(gateway, 2), "every instance applies revision 2");
            await AllAsync(gateways, async gateway => (await GetAsync(gateway, "/shop/probe")).ServedBy == "b", "every instance routes the shop to b");
            await AllAsync(gateways, async gateway => (await GetAsync(gateway, "/limited/probe")).Status == HttpStatusCode.TooManyRequests, "every instance limits by the new policy");

            Assert.Contains("Published revision 3, a copy of revision 1", await PublishAsync(bootstrap, "rollback", "1"));
            await Task.WhenAll(gateways.Select((gateway, index) => Eventually.TrueAsync(
                async () => _rolledBack[index] = await PublishedRevisionIsAsync(gateway, 3), Deadline, $"instance {index} applies the rollback")));
            await AllAsync(gateways, async gateway => (await GetAsync(gateway, "/shop/probe")).ServedBy == "a", "every instance routes the shop to a again");
            var sent = _outcomes.Count;
            await Eventually.TrueAsync(() => _outcomes.Count > sent + (30 * Instances), Deadline, "traffic flows after the rollback");

            await stop.CancelAsync();
            await Task.WhenAll(traffic);
            Assert.Equal(processIds, gateways.Select(gateway => gateway.Id));
            Assert.All(gateways, gateway => Assert.False(gateway.HasExited, gateway.Output));
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                await gateway.DisposeAsync();
            }
        }

        var outcomes = _outcomes.ToList();
        Assert.Empty(outcomes.Where(o => o.Error is not null || (int)o.Status >= 500).Select(o => $"{o.Instance} {o.Path}: {(int)o.Status} {o.Error}"));
        Assert.Empty(outcomes.Where(o => o.Status == HttpStatusCode.TooManyRequests && (o.Path == "/shop/x" || !o.Tightened || o.RolledBack)).Select(o => $"{o.Instance} {o.Path}"));
        Assert.All(outcomes, o => Assert.True(o.Status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{o.Instance} {o.Path}: {(int)o.Status}"));
        Assert.Contains(outcomes, o => o.Status == HttpStatusCode.TooManyRequests);
        Assert.Contains(outcomes, o => o.ServedBy == "b");
    }

    private string Document(string shopBackend, long limit)
    {
        var path = Path.Combine(_directory, $"revision-{shopBackend}-{limit}.json");
        File.WriteAllText(path, $$"""
            {
              "Gateway": {
                "Routes": {
                  "shop": { "Path": "/shop/{**rest}", "Backend": "{{shopBackend}}" },
                  "limited": { "Path": "/limited/{**rest}", "Backend": "a", "RateLimitPolicy": "tight" }
                }
              },
              "RateLimiting": { "Policies": { "tight": { "Limit": {{limit}}, "Window": "01:00:00" } } }
            }
            """);
        return path;
    }

    private static async Task<string> PublishAsync(IReadOnlyDictionary<string, string?> bootstrap, params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await GatewayCli.RunAsync(["config", .. args], output, output, bootstrap);
        Assert.True(exitCode == 0, output.ToString());
        return output.ToString();
    }

    private async Task SendUntilStoppedAsync(AppChildProcess gateway, int instance, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var path in (string[])["/shop/x", "/limited/x"])
            {
                var (tightened, rolledBack) = (_tightened, _rolledBack[instance]);
                try
                {
                    var (status, servedBy) = await GetAsync(gateway, path);
                    _outcomes.Enqueue(new Outcome(instance, path, status, servedBy, null, tightened, rolledBack));
                }
                catch (HttpRequestException failed)
                {
                    _outcomes.Enqueue(new Outcome(instance, path, 0, null, failed.Message, tightened, rolledBack));
                }
            }

            // Keeps three gateways, their backends and Azurite within two shared cores; the test waits on conditions, not on this.
            await Task.Delay(10, CancellationToken.None);
        }
    }

    private static async Task<(HttpStatusCode Status, string? ServedBy)> GetAsync(AppChildProcess gateway, string path)
    {
        using var response = await gateway.Client.GetAsync(path);
        return (response.StatusCode, response.Headers.TryGetValues("X-Served-By", out var values) ? values.Single() : null);
    }

    private static async Task<bool> PublishedRevisionIsAsync(AppChildProcess gateway, long revision)
    {
        using var response = await gateway.Client.GetAsync("/readyz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("checks").GetProperty("configuration").GetProperty("data").TryGetProperty("publishedRevision", out var published)
            && published.GetInt64() == revision;
    }

    private static Task AllAsync(AppChildProcess[] gateways, Func<AppChildProcess, Task<bool>> condition, string because) =>
        Task.WhenAll(gateways.Select((gateway, index) => Eventually.TrueAsync(() => condition(gateway), Deadline, () => $"Not so: {because} (instance {index}):{Environment.NewLine}{gateway.Output}")));

    private sealed record Outcome(int Instance, string Path, HttpStatusCode Status, string? ServedBy, string? Error, bool Tightened, bool RolledBack);
}
