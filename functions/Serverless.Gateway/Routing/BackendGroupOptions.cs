namespace Serverless.Gateway.Routing;

/// <summary>A named group of a backend's destinations (a version, e.g. <c>stable</c> or <c>canary</c>) and its share of traffic.</summary>
public sealed class BackendGroupOptions
{
    /// <summary>Required. Names of destinations under the backend's <c>Destinations</c>; each destination belongs to exactly one group.</summary>
    public List<string> Destinations { get; set; } = [];

    /// <summary>
    /// Percent of sticky keys assigned to this group, 0 to 100; the weights of a backend's groups sum to exactly 100.
    /// A group with weight 0 gets only targeted and pinned traffic. Default 0.
    /// </summary>
    public int Weight { get; set; }
}
