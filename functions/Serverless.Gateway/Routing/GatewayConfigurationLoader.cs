using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Routing;

/// <summary>
/// Binds and validates the <c>Gateway</c> section as a whole, cross-references to <c>Auth:Policies</c> and
/// <c>RateLimiting:Policies</c> included: what <see cref="GatewayConfigMonitor"/> applies, and what a configuration
/// revision is checked against before it is published or applied.
/// </summary>
public static class GatewayConfigurationLoader
{
    public static (GatewayOptions? Options, List<string> Errors) Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // A configuration file that cannot be read still serves its last readable version; that must not pass for the edit.
        var errors = new List<string>(CheckedJsonConfigurationProvider.ErrorsOf(configuration));
        var options = GatewayOptionsBinder.Bind(configuration.GetSection(GatewayOptions.SectionName), errors);
        errors.AddRange(GatewayOptionsValidator.Validate(options, Names(configuration, "Auth:Policies"), Names(configuration, "RateLimiting:Policies")));
        return errors.Count == 0 ? (options, errors) : (null, errors);
    }

    private static HashSet<string> Names(IConfiguration configuration, string section) =>
        configuration.GetSection(section).GetChildren().Select(child => child.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
