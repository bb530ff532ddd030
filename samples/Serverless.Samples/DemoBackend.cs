using System.Net;

namespace Serverless.Samples;

/// <summary>
/// A small, real HTTP backend for the local run and the tests: a product catalog, an echo endpoint, a health check and
/// an outage switch (<see cref="DemoOutage"/>), each answer naming the instance that served it so load balancing and
/// failover are visible.
/// </summary>
public sealed class DemoBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoBackend(string name, Uri address, WebApplication app)
    {
        Name = name;
        Address = address;
        _app = app;
    }

    /// <summary>The instance name reported as <c>servedBy</c>.</summary>
    public string Name { get; }

    /// <summary>The address actually bound, e.g. <c>http://127.0.0.1:5101</c>; with port 0 the port the OS picked.</summary>
    public Uri Address { get; }

    /// <summary>Starts a backend on 127.0.0.1 at <paramref name="port"/> (0 picks a free port).</summary>
    public static async Task<DemoBackend> StartAsync(string name, int port, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        // The empty builder reads no appsettings, environment variables or URLs, so a backend behaves the same
        // inside the local run, inside a test run and next to the gateway's own configuration files.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(DemoBackend).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // The echo endpoint exists to prove that large bodies stream through the gateway unbuffered.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddRoutingCore();

        var app = builder.Build();
        var outage = new DemoOutage();
        app.Use(outage.InvokeAsync);
        outage.Map(app, name);
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "Healthy", servedBy = name }));
        app.MapDemoCatalog(name);
        app.MapEcho(name);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new DemoBackend(name, new Uri(app.Urls.Single()), app);
    }

    public async ValueTask DisposeAsync()
    {
        // A short grace period: the backend only serves demo traffic, and shutdown must not hang on a stuck client.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
