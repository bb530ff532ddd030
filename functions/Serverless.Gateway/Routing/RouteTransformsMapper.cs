namespace Serverless.Gateway.Routing;

/// <summary>
/// Turns <see cref="RouteTransformsOptions"/> into YARP's configuration transforms (<c>RequestHeader</c>,
/// <c>QueryValueParameter</c>, <c>ResponseHeader</c> and their removals), and the claim headers into route metadata for
/// the gateway's own transform, which YARP has no equivalent of.
/// </summary>
internal static class RouteTransformsMapper
{
    /// <summary>Route metadata key prefix for a claim header: the rest of the key is the header name, the value the claim (<see cref="CallerClaim"/>).</summary>
    public const string ClaimHeaderMetadataPrefix = "Gateway.ClaimHeader:";

    /// <summary>
    /// Response transforms run for every status (<c>When: Always</c>): a backend's 404 or 500 gets the same headers as
    /// its 200. The gateway's own answers never get them: those written before forwarding never reach YARP's
    /// transforms, and a failed forward's answer starts from a cleared response.
    /// </summary>
    private const string ResponseCondition = "Always";

    public static void AddTransforms(RouteTransformsOptions options, List<Dictionary<string, string>> transforms)
    {
        Add(transforms, options.RequestHeaders, "RequestHeader", "RequestHeaderRemove", condition: null);
        Add(transforms, options.Query, "QueryValueParameter", "QueryRemoveParameter", condition: null);
        Add(transforms, options.ResponseHeaders, "ResponseHeader", "ResponseHeaderRemove", ResponseCondition);
    }

    public static void AddMetadata(RouteTransformsOptions options, Dictionary<string, string> metadata)
    {
        foreach (var (header, claim) in options.ClaimHeaders)
        {
            metadata[ClaimHeaderMetadataPrefix + header] = claim;
        }
    }

    private static void Add(List<Dictionary<string, string>> transforms, ValueTransformOptions values, string valueKey, string removeKey, string? condition)
    {
        foreach (var name in values.Remove)
        {
            transforms.Add(WithCondition(new() { [removeKey] = name }, condition));
        }

        foreach (var (name, value) in values.Set)
        {
            transforms.Add(WithCondition(new() { [valueKey] = name, ["Set"] = value }, condition));
        }

        foreach (var (name, value) in values.Append)
        {
            transforms.Add(WithCondition(new() { [valueKey] = name, ["Append"] = value }, condition));
        }
    }

    private static Dictionary<string, string> WithCondition(Dictionary<string, string> transform, string? condition)
    {
        if (condition is not null)
        {
            transform["When"] = condition;
        }

        return transform;
    }
}
