namespace Serverless.Gateway.Routing;

/// <summary>A header condition on a route.</summary>
public sealed class RouteHeaderOptions
{
    /// <summary>Required. The header name.</summary>
    public string? Name { get; set; }

    /// <summary>Accepted values; any one matches. Not used by <c>Exists</c> and <c>NotExists</c>.</summary>
    public List<string> Values { get; set; } = [];

    /// <summary>
    /// <c>ExactHeader</c> (default), <c>HeaderPrefix</c>, <c>Contains</c>, <c>NotContains</c>, <c>Exists</c> or <c>NotExists</c>.
    /// Comparison ignores case.
    /// </summary>
    public string Mode { get; set; } = "ExactHeader";
}
