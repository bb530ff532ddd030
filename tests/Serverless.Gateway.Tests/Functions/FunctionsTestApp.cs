using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Serverless.LocalRun;
using Serverless.Gateway.Heartbeat;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Functions;

/// <summary>
/// The real gateway in-process, in either hosting mode, with its logs captured. Under the Functions host mode it listens
/// on the port the host would pass in FUNCTIONS_CUSTOMHANDLER_PORT; settings are command-line arguments, as the host's
/// app settings would be environment variables. Queue polling is made fast so that tests finish quickly.
/// </summary>
public sealed class FunctionsTestApp : IAsyncDisposable
{
    /// <summary>A schedule that never fires during a test, for tests about something else.</summary>
    public const string DormantSchedule = "0 0 0 1 1 *";

    private FunctionsTestApp(WebApplication app, CapturedLogs logs, string address)
    {
        App = app;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public CapturedLogs Logs { get; }

    public HttpClient Client { get; }

    public static Task<FunctionsTestApp> StartStandaloneAsync(AzuriteFixture azurite, params (string Key, string? Value)[] settings) =>
        StartAsync(azurite, [("urls", "http://127.0.0.1:0"), .. settings]);

    public static Task<FunctionsTestApp> StartUnderFunctionsHostAsync(AzuriteFixture azurite, params (string Key, string? Value)[] settings) =>
        StartAsync(azurite, [(GatewayHostingContext.CustomHandlerPortVariable, LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)), .. settings]);

    /// <summary>Builds the app without starting it, so a test can observe start-up failing. A null value removes a default setting.</summary>
    public static WebApplication Build(CapturedLogs logs, IEnumerable<(string Key, string? Value)> settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [HeartbeatTimerFunction.ScheduleSetting] = DormantSchedule,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Serverless.Gateway"] = "Debug",
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings)
        {
            if (value is null)
            {
                all.Remove(key);
            }
            else
            {
                all[key] = value;
            }
        }

        return GatewayTestServer.Build(all, builder => builder.Logging.AddProvider(logs));
    }

    public static QueueClient Queue(AzuriteFixture azurite, string name) =>
        new(azurite.ConnectionString, name, StorageClientFactory.CreateQueueOptions());

    public static TableClient HeartbeatTable(AzuriteFixture azurite) =>
        new(azurite.ConnectionString, HeartbeatRecorderFunction.TableName);

    /// <summary>Empties the heartbeat queue and its poison queue, which tests in the collection share one after another.</summary>
    public static async Task ResetHeartbeatQueuesAsync(AzuriteFixture azurite)
    {
        foreach (var name in new[] { HeartbeatTimerFunction.QueueName, HeartbeatTimerFunction.QueueName + "-poison" })
        {
            var queue = Queue(azurite, name);
            await queue.CreateIfNotExistsAsync();
            await queue.ClearMessagesAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static async Task<FunctionsTestApp> StartAsync(AzuriteFixture azurite, IEnumerable<(string Key, string? Value)> settings)
    {
        var logs = new CapturedLogs();
        var app = Build(logs, [("AzureWebJobsStorage", azurite.ConnectionString), .. settings]);
        await app.StartAsync();
        return new FunctionsTestApp(app, logs, GatewayTestServer.AddressOf(app));
    }
}
