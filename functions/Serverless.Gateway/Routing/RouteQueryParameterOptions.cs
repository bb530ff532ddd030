namespace Serverless.Gateway.Routing;

/// <summary>A query-string condition on a route.</summary>
public sealed class RouteQueryParameterOptions
{
    /// <summary>Required. The query parameter name, e.g. <c>version</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Accepted values; any one matches. Not used by <c>Exists</c>.</summary>
    public List<string> Values { get; set; } = [];

    /// <summary>
    /// <c>Exact</c> (default), <c>Exists</c>, <c>Prefix</c>, <c>Contains</c> or <c>NotContains</c>. Values are compared
    /// after URL decoding, ignoring case.
    /// </summary>
    public string Mode { get; set; } = "Exact";
}
