using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>
/// Where the gateway with telemetry on sends its traces, metrics and logs (OTLP over HTTP): accepted and counted, not
/// stored. The gateway pays what it would pay for Application Insights up to the socket; Azure's side is not measured.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _bytes;
    private long _exports;

    private OtlpSink(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Exports => Interlocked.Read(ref _exports);

    public static async Task<OtlpSink> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var sink = new OtlpSink(app);
        app.MapPost("/v1/{signal}", sink.AcceptAsync);
        await app.StartAsync(cancellationToken);
        sink.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AcceptAsync(HttpContext context)
    {
        var buffer = new byte[16 * 1024];
        long read = 0;
        int count;
        while ((count = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            read += count;
        }

        Interlocked.Add(ref _bytes, read);
        Interlocked.Increment(ref _exports);

        // An empty Export*ServiceResponse message is zero bytes of protobuf: full success.
        context.Response.ContentType = "application/x-protobuf";
    }
}
