using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>
/// The real gateway, composed as Program.cs composes it, served by TestServer: requests reach the same middleware
/// pipeline as they would from Kestrel, without a socket between the client and the gateway. Storage is the benchmarks'
/// Azurite. The queue and timer triggers are off (benchmarks/README.md's "pure proxy" setting), so no background polling
/// competes with what is measured, and logging is at Warning, as YARP logs every request at Information.
/// </summary>
public sealed class InProcessGateway : IAsyncDisposable
{
    private InProcessGateway(WebApplication app) => App = app;

    public WebApplication App { get; }

    /// <param name="settings">Configuration keys (<c>Gateway:Routes:...</c>), passed as command-line arguments.</param>
    public static async Task<InProcessGateway> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = await BenchmarkStorage.ConnectionStringAsync(),
            ["Functions:Triggers:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var builder = GatewayApplication.CreateBuilder([.. all.Select(static pair => $"--{pair.Key}={pair.Value}")]);
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.UseGateway();
        await app.StartAsync();
        return new InProcessGateway(app);
    }

    /// <summary>A client whose requests go straight into the gateway's pipeline.</summary>
    public HttpClient CreateClient() => App.GetTestClient();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
