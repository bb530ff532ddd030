using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>A real Kestrel backend on a loopback port, answering with a test-supplied handler and recording what it saw.</summary>
public sealed class BackendServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requestCount;

    private BackendServer(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public string Address { get; private set; } = string.Empty;

    public int RequestCount => Volatile.Read(ref _requestCount);

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static Task<BackendServer> StartAsync(string name, RequestDelegate? handler = null, int port = 0) =>
        StartAsync(name, handler ?? EchoAsync, port, CancellationToken.None);

    public static async Task<BackendServer> StartAsync(string name, RequestDelegate handler, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var server = new BackendServer(app, name);
        app.Run(async context =>
        {
            Interlocked.Increment(ref server._requestCount);
            server.Requests.Enqueue(RecordedRequest.From(context));
            context.Response.Headers["X-Served-By"] = name;
            await handler(context);
        });
        await app.StartAsync(cancellationToken);
        server.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Task EchoAsync(HttpContext context) =>
        context.Response.WriteAsJsonAsync(new { path = context.Request.Path.Value, query = context.Request.QueryString.Value });
}
