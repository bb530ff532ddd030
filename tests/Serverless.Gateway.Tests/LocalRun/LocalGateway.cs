using Microsoft.Extensions.DependencyInjection;
using Serverless.LocalRun;
using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.LocalRun;

/// <summary>
/// The real gateway on the local run's checked-in gateway.local.json, with its orders backend pointed at a test's orders
/// service, and an API key of tenant contoso that may place and read orders.
/// </summary>
public static class LocalGateway
{
    public static async Task<(GatewayTestServer Gateway, string ApiKey)> StartAsync(AzuriteFixture azurite, string ordersAddress)
    {
        var settings = new GatewaySettings()
            // Command-line settings rank above the --config file: only the orders service's address and the key table change.
            .Set("Gateway:Backends:orders:Destinations:orders-1", ordersAddress)
            .Set("Auth:ApiKeys:Table", "LocalRunKeys" + Guid.NewGuid().ToString("N")[..8])
            // The run's other tests consume the order-events queues; this gateway must not compete for their messages.
            .Set("Functions:Triggers:Enabled", "false");
        var gateway = await GatewayTestServer.StartAsync(azurite, settings.Build(), LocalRunner.GatewayConfigPath(RepositoryRoot.Find()));
        try
        {
            var issued = await gateway.Services.GetRequiredService<ApiKeyManager>()
                .CreateAsync("contoso", "standard", ["orders:read", "orders:write"], null, null, CancellationToken.None);
            return (gateway, issued.Key);
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }
}
