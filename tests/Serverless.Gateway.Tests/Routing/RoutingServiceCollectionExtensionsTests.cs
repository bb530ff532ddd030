using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Tests.Routing;

public sealed class RoutingServiceCollectionExtensionsTests
{
    [Fact]
    public void The_proxy_starts_without_loading_a_data_protection_key_ring()
    {
        var services = new ServiceCollection();

        services.AddGatewayRouting();

        Assert.Contains(services, static service => service.ServiceType.FullName == "Microsoft.AspNetCore.DataProtection.IDataProtectionProvider");
        Assert.DoesNotContain(services, static service => service.ServiceType == typeof(IHostedService)
            && service.ImplementationType?.Name == "DataProtectionHostedService");
    }
}
