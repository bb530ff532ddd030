using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway, composed exactly as Program.cs composes it, on Kestrel on a free loopback port inside the test
/// process. Settings are passed as command-line arguments, the highest-ranking configuration source.
/// </summary>
public sealed class GatewayTestServer : IAsyncDisposable
{
    private GatewayTestServer(WebApplication app, string address)
    {
        App = app;
        Address = address;
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public string Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<GatewayTestServer> StartAsync(
        AzuriteFixture azurite, IReadOnlyDictionary<string, string?> settings, string? configFile = null, Action<WebApplicationBuilder>? configure = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["HeartbeatSchedule"] = "0 0 0 1 1 *",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        if (configFile is not null)
        {
            all["config"] = configFile;
        }

        var app = Build(all, configure);
        await app.StartAsync();
        var address = AddressOf(app);
        return new GatewayTestServer(app, address);
    }

    /// <summary>Composes the gateway as Program.cs does, with <paramref name="settings"/> as command-line arguments, without starting it.</summary>
    public static WebApplication Build(IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = GatewayApplication.CreateBuilder([.. settings.Select(pair => $"--{pair.Key}={pair.Value}")]);
        builder.Logging.ClearProviders();
        configure?.Invoke(builder);
        var app = builder.Build();
        try
        {
            app.UseGateway();
        }
        catch
        {
            // Start-up validation failed (what some tests expect): nothing of this app may outlive the test.
            ((IDisposable)app).Dispose();
            throw;
        }

        return app;
    }

    /// <summary>The address Kestrel bound, once the app has started on port 0.</summary>
    public static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
