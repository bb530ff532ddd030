using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.LocalRun;
using Serverless.Gateway.Benchmarks.Servers;

namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>
/// The 80-byte backend of <see cref="BenchBackend"/>, in this process so that it can count what reached it: every
/// request the gateways admitted, and nothing they refused.
/// </summary>
public sealed class CountingBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;

    private CountingBackend(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<CountingBackend> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var address = new Uri($"http://127.0.0.1:{LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}");
        app.Urls.Add(address.GetLeftPart(UriPartial.Authority));
        var backend = new CountingBackend(app, address);
        app.MapGet("/{**path}", backend.AnswerAsync);
        await app.StartAsync(cancellationToken);
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        return BenchBackend.AnswerAsync(context);
    }
}
