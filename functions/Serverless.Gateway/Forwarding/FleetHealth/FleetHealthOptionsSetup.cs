using Microsoft.Extensions.Options;
using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>Binds <c>FleetHealth</c> with unknown keys and unconvertible values as errors.</summary>
internal sealed class FleetHealthOptionsSetup(IConfiguration configuration) : IConfigureOptions<FleetHealthOptions>
{
    public void Configure(FleetHealthOptions options) => StrictConfigurationBinder.BindSection(configuration, FleetHealthOptions.SectionName, options);
}
