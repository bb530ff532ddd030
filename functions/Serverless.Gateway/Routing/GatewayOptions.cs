namespace Serverless.Gateway.Routing;

/// <summary>
/// The gateway's routes and backends, bound from the <c>Gateway</c> section of any configuration source
/// (appsettings.json, <c>--config</c> file, local.settings.json <c>Values</c> as <c>Gateway__Routes__...</c>, environment).
/// </summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Routes by id. Route ids appear in metrics and logs.</summary>
    public Dictionary<string, GatewayRouteOptions> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Backends (clusters) by id.</summary>
    public Dictionary<string, BackendOptions> Backends { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
