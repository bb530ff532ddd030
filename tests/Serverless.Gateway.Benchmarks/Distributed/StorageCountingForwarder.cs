using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.LocalRun;
using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>
/// Sits between the gateways and Azurite's table port and counts every request it passes on. The gateways reach it
/// through the <c>TableEndpoint</c> of their connection string; Shared Key signatures cover the account and path, not
/// the host and port, so Azurite accepts the forwarded requests unchanged, as long as the path reaches it byte for byte
/// (<see cref="RawPathTransformer"/>).
/// </summary>
public sealed class StorageCountingForwarder : IAsyncDisposable
{
    private readonly ConcurrentDictionary<StorageOperation, long> _counts = new();
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _invoker;
    private readonly string _destination;

    private StorageCountingForwarder(WebApplication app, HttpMessageInvoker invoker, string destination, Uri address)
    {
        _app = app;
        _invoker = invoker;
        _destination = destination;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts forwarding to <paramref name="tablePort"/> on loopback from a free loopback port.</summary>
    public static async Task<StorageCountingForwarder> StartAsync(int tablePort, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var address = new Uri($"http://127.0.0.1:{LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}");
        app.Urls.Add(address.GetLeftPart(UriPartial.Authority));
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
        });
        var forwarder = new StorageCountingForwarder(app, invoker, $"http://127.0.0.1:{tablePort.ToString(CultureInfo.InvariantCulture)}", address);
        app.Map("/{**path}", forwarder.ForwardAsync);
        await app.StartAsync(cancellationToken);
        return forwarder;
    }

    public StorageOperationCounts Snapshot() => new(_counts.ToDictionary());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _invoker.Dispose();
    }

    private async Task ForwardAsync(HttpContext context, IHttpForwarder forwarder)
    {
        var operation = await StorageOperation.ReadAsync(context.Request);
        _counts.AddOrUpdate(operation, 1, static (_, count) => count + 1);
        var error = await forwarder.SendAsync(context, _destination, _invoker, ForwarderRequestConfig.Empty, RawPathTransformer.Instance);
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
        }
    }
}
