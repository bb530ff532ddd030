namespace Serverless.Gateway.Routing;

/// <summary>
/// Checks a route's <see cref="GatewayRouteOptions.Transforms"/>, one line per problem naming the full key. Values are
/// never quoted back: a header value may be a credential for the backend.
/// </summary>
/// <remarks>
/// Transforms may not touch what the gateway owns for the backend's or the client's safety: the caller's identity
/// (<c>X-Gateway-*</c> in any spelling, which backends trust, and <c>X-Api-Key</c>, which the gateway strips),
/// the connection (hop-by-hop headers, <c>Host</c>, <c>Content-Length</c>), the <c>X-Forwarded-*</c> headers YARP sets
/// from the connection after the route's transforms (a transform would be silently overwritten), and in responses
/// the rate-limit headers clients back off by.
/// </remarks>
internal static class TransformsValidator
{
    /// <summary>The namespace of the headers the gateway describes the caller with (identity headers, assertion).</summary>
    public const string GatewayHeaderPrefix = "X-Gateway-";

    /// <summary>The header a caller sends its API key in; the gateway strips it before forwarding.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    private const string TokenSymbols = "!#$%&'*+-.^_`|~";

    private static readonly HashSet<string> ConnectionHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host", "Content-Length",
    };

    private static readonly HashSet<string> ForwardedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix",
    };

    private static readonly HashSet<string> RateLimitHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "RateLimit", "RateLimit-Policy", "Retry-After",
    };

    private enum Target
    {
        RequestHeader,
        QueryParameter,
        ResponseHeader,
        ClaimHeader,
    }

    public static void Validate(string routeKey, GatewayRouteOptions route, List<string> errors)
    {
        var key = $"{routeKey}:Transforms";
        var transforms = route.Transforms;
        ValidateValues($"{key}:RequestHeaders", transforms.RequestHeaders, Target.RequestHeader, errors);
        ValidateValues($"{key}:Query", transforms.Query, Target.QueryParameter, errors);
        ValidateValues($"{key}:ResponseHeaders", transforms.ResponseHeaders, Target.ResponseHeader, errors);
        ValidateClaimHeaders($"{key}:ClaimHeaders", transforms, errors);
    }

    private static void ValidateValues(string key, ValueTransformOptions values, Target target, List<string> errors)
    {
        foreach (var (name, value) in values.Set)
        {
            ValidateName($"{key}:Set:{name}", name, target, errors);
            ValidateValue($"{key}:Set:{name}", value, target, errors);
        }

        foreach (var (name, value) in values.Append)
        {
            ValidateName($"{key}:Append:{name}", name, target, errors);
            ValidateValue($"{key}:Append:{name}", value, target, errors);
            if (values.Set.ContainsKey(name))
            {
                errors.Add($"{key}:Append:{name}: '{name}' is also under Set; name it in only one of Set, Append and Remove.");
            }
        }

        var removed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < values.Remove.Count; i++)
        {
            var name = values.Remove[i];
            ValidateName($"{key}:Remove:{i}", name, target, errors);
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            if (values.Set.ContainsKey(name) || values.Append.ContainsKey(name))
            {
                errors.Add($"{key}:Remove:{i}: '{name}' is also under {(values.Set.ContainsKey(name) ? "Set" : "Append")}; name it in only one of Set, Append and Remove.");
            }
            else if (!removed.Add(name))
            {
                errors.Add($"{key}:Remove:{i}: '{name}' is listed twice.");
            }
        }
    }

    private static void ValidateClaimHeaders(string key, RouteTransformsOptions transforms, List<string> errors)
    {
        var requestHeaders = transforms.RequestHeaders;
        foreach (var (header, claim) in transforms.ClaimHeaders)
        {
            var entry = $"{key}:{header}";
            ValidateName(entry, header, Target.ClaimHeader, errors);
            if (!CallerClaim.TryParse(claim, out _))
            {
                errors.Add($"{entry}: '{claim}' is not a caller claim; use {CallerClaim.Forms}.");
            }

            if (requestHeaders.Set.ContainsKey(header) || requestHeaders.Append.ContainsKey(header)
                || requestHeaders.Remove.Contains(header, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{entry}: '{header}' is also transformed under RequestHeaders; a claim header is set only from the caller's identity.");
            }
        }
    }

    private static void ValidateName(string key, string? name, Target target, List<string> errors)
    {
        if (target == Target.QueryParameter)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsControl))
            {
                errors.Add($"{key}: a query parameter name must not be empty or hold control characters.");
            }

            return;
        }

        if (string.IsNullOrEmpty(name) || !name.All(IsTokenChar))
        {
            errors.Add($"{key}: '{name}' is not a header name; use letters, digits and {TokenSymbols} only.");
        }
        else if (target != Target.ResponseHeader && IsGatewayIdentity(name))
        {
            errors.Add($"{key}: '{name}' is the gateway's: {GatewayHeaderPrefix}* headers carry the verified caller and {ApiKeyHeader} is always stripped, "
                + "in any spelling; no transform may set or remove them. Pass the caller on under a name of your own with ClaimHeaders.");
        }
        else if (ConnectionHeaders.Contains(name) || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}: '{name}' belongs to the connection (hop-by-hop headers, Host, Content-Length), which the gateway and HTTP manage; no transform may change it.");
        }
        else if (target != Target.ResponseHeader && ForwardedHeaders.Contains(name))
        {
            errors.Add($"{key}: '{name}' is set by the gateway from the client's connection after the route's transforms; a transform would be overwritten.");
        }
        else if (target == Target.ResponseHeader && RateLimitHeaders.Contains(name))
        {
            errors.Add($"{key}: '{name}' is written by the gateway (rate limits, Retry-After on 429 and 503) and clients back off by it; no transform may change or remove it.");
        }
        else if (target == Target.ResponseHeader && name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase))
        {
            // Set by hand, it would widen access for origins the route's CORS policy refuses, or name none at all.
            errors.Add($"{key}: '{name}' is a CORS header; the route's Cors settings decide it (and strip the backend's), so no transform may set or remove it.");
        }
        else if (target == Target.ClaimHeader && name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}: '{name}' describes the request body; a claim header needs a name of its own, e.g. X-Tenant-Id.");
        }
    }

    private static void ValidateValue(string key, string? value, Target target, List<string> errors)
    {
        if (value is null || (value.Length == 0 && target != Target.QueryParameter))
        {
            errors.Add(target == Target.QueryParameter
                ? $"{key}: has no value; write \"\" for a parameter without one."
                : $"{key}: has no value; to drop the header, list it under Remove.");
            return;
        }

        if (value.Any(static c => char.IsControl(c) && c != '\t'))
        {
            errors.Add($"{key}: the value holds a control character such as CR or LF, which would end the {(target == Target.QueryParameter ? "query value" : "header")} early.");
        }
        else if (target != Target.QueryParameter && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
        {
            errors.Add($"{key}: the value starts or ends with white space, which HTTP drops in transit.");
        }
        else if (target == Target.ResponseHeader && !value.All(char.IsAscii))
        {
            errors.Add($"{key}: the value holds non-ASCII characters, which a response header cannot carry.");
        }
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || TokenSymbols.Contains(c, StringComparison.Ordinal);

    /// <summary>True for <c>X-Gateway-*</c> and <c>X-Api-Key</c>, reading <c>_</c> as <c>-</c> (see <see cref="HeaderAliases"/>).</summary>
    private static bool IsGatewayIdentity(string name) =>
        HeaderAliases.IsSpellingOf(name, ApiKeyHeader)
        || (name.Length >= GatewayHeaderPrefix.Length && HeaderAliases.IsSpellingOf(name[..GatewayHeaderPrefix.Length], GatewayHeaderPrefix));
}
