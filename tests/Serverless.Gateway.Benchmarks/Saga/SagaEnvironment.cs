using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.AppHost.Demo.Participants;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// What the saga benchmark runs against: the benchmarks' in-memory Azurite, the three demo participants on free
/// loopback ports without faults, and the real gateway with the saga enabled, composed in this process as Program.cs
/// and the tests compose it. The saga's retry, timeout and reminder settings are left at their defaults.
/// </summary>
public sealed class SagaEnvironment : IAsyncDisposable
{
    public const string Tenant = "bench";

    private readonly List<IAsyncDisposable> _started = [];

    private SagaEnvironment()
    {
    }

    public InventoryService Inventory { get; private set; } = null!;

    public PaymentService Payment { get; private set; } = null!;

    public ShippingService Shipping { get; private set; } = null!;

    public WebApplication Gateway { get; private set; } = null!;

    public Uri GatewayAddress { get; private set; } = null!;

    /// <summary>A key of <see cref="Tenant"/> with orders:write and orders:read.</summary>
    public string Key { get; private set; } = null!;

    /// <summary>Starts everything; <paramref name="stock"/> units of <paramref name="sku"/> are in stock.</summary>
    public static async Task<SagaEnvironment> StartAsync(string sku, int stock, bool gatewayLogs, CancellationToken cancellationToken)
    {
        var environment = new SagaEnvironment();
        try
        {
            await environment.StartCoreAsync(sku, stock, gatewayLogs, cancellationToken);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(string sku, int stock, bool gatewayLogs, CancellationToken cancellationToken)
    {
        var storage = await BenchmarkStorage.ConnectionStringAsync();
        Inventory = Started(await InventoryService.StartAsync(
            new InventoryOptions { InitialStock = new Dictionary<string, int>(StringComparer.Ordinal) { [sku] = stock } }, 0, cancellationToken));
        Payment = Started(await PaymentService.StartAsync(new PaymentOptions(), 0, cancellationToken));
        Shipping = Started(await ShippingService.StartAsync(new ShippingOptions(), 0, cancellationToken));

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["AzureWebJobsStorage"] = storage,
            ["HeartbeatSchedule"] = "0 0 0 1 1 *",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Gateway:Backends:inventory:Destinations:d0"] = Inventory.Address.ToString(),
            ["Gateway:Backends:payment:Destinations:d0"] = Payment.Address.ToString(),
            ["Gateway:Backends:shipping:Destinations:d0"] = Shipping.Address.ToString(),
            ["Orders:Enabled"] = "true",
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.100",
        };
        var builder = GatewayApplication.CreateBuilder([.. settings.Select(static pair => $"--{pair.Key}={pair.Value}")]);
        if (!gatewayLogs)
        {
            builder.Logging.ClearProviders();
        }

        var app = builder.Build();
        app.UseGateway();
        await app.StartAsync(cancellationToken);
        Gateway = Started(app);
        GatewayAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        var keys = app.Services.GetRequiredService<ApiKeyManager>();
        Key = (await keys.CreateAsync(Tenant, "standard", ["orders:write", "orders:read"], null, null, cancellationToken)).Key;
    }

    private T Started<T>(T service)
        where T : IAsyncDisposable
    {
        _started.Add(service);
        return service;
    }

    /// <summary>Stops the gateway first, so no saga calls a participant that has gone; Azurite is stopped by the caller.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            if (_started[i] is WebApplication app)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await app.StopAsync(timeout.Token);
            }

            await _started[i].DisposeAsync();
        }

        _started.Clear();
    }
}
