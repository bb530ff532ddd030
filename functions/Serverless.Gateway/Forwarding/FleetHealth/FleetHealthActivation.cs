using Microsoft.Extensions.Options;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>Whether this process shares destination health with the fleet, decided once at start-up.</summary>
public sealed class FleetHealthActivation(IOptions<FleetHealthOptions> options, IConfiguration configuration)
{
    private readonly Lazy<bool> _isActive = new(() => options.Value.Enabled ?? StorageClientFactory.HasTableService(configuration));

    /// <summary><see cref="FleetHealthOptions.Enabled"/>, or, when unset, whether the storage connection is configured.</summary>
    public bool IsActive => _isActive.Value;
}
