using Microsoft.AspNetCore.Routing.Patterns;

namespace Serverless.Gateway.Routing;

/// <summary>Checks a composite route (<see cref="GatewayRouteOptions.Parts"/>): bounded fan-out, parts that name real backends and fillable paths.</summary>
internal static class RoutePartsValidator
{
    /// <summary>At most this many backend calls per request: a composite route must not turn one call into an unbounded fan-out.</summary>
    public const int MaxParts = 8;

    public static void Validate(string key, GatewayRouteOptions route, RoutePattern? pattern, GatewayOptions options, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(route.Backend))
        {
            errors.Add($"{key}: set Backend or Parts, not both (a composite route calls the parts' backends).");
        }

        if (route.Parts.Count > MaxParts)
        {
            errors.Add($"{key}:Parts: {route.Parts.Count} parts; at most {MaxParts} are allowed, each one a backend call per request.");
        }

        if (route.Methods.Any(method => !method.Equals("GET", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"{key}:Methods: a composite route answers GET only; leave Methods empty or list GET.");
        }

        if (route.StripPrefix is not null || route.RewritePath is not null)
        {
            errors.Add($"{key}: StripPrefix and RewritePath do not apply to a composite route; each part's Path decides what its backend is called with.");
        }

        var transforms = new List<Dictionary<string, string>>();
        RouteTransformsMapper.AddTransforms(route.Transforms, transforms);
        if (transforms.Count > 0 || route.Transforms.ClaimHeaders.Count > 0)
        {
            errors.Add($"{key}:Transforms: do not apply to a composite route; its parts receive the caller's identity and nothing else from the request.");
        }

        if (route.PartialStatus is not (StatusCodes.Status200OK or StatusCodes.Status502BadGateway))
        {
            errors.Add($"{key}:PartialStatus: {route.PartialStatus} is not allowed; use 200 (the answer marks what is missing) or 502.");
        }

        if (route.MaxResponseBytes <= 0)
        {
            errors.Add($"{key}:MaxResponseBytes: must be a positive number of bytes, e.g. 1048576.");
        }

        foreach (var (name, part) in route.Parts)
        {
            ValidatePart($"{key}:Parts:{name}", name, part, route.Path, pattern, options, errors);
        }
    }

    private static void ValidatePart(string key, string name, RoutePartOptions part, string? path, RoutePattern? pattern, GatewayOptions options, List<string> errors)
    {
        // The name becomes a property of the merged object; a leading '_' is kept for the gateway's own '_incomplete'.
        if (name.Length == 0 || name[0] == '_' || !name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add($"{key}: part name '{name}' must be ASCII letters, digits, '-' or '_', not starting with '_', e.g. product.");
        }

        if (string.IsNullOrWhiteSpace(part.Backend))
        {
            errors.Add($"{key}:Backend: is required; name one of the backends under {GatewayOptions.SectionName}:Backends.");
        }
        else if (!options.Backends.ContainsKey(part.Backend))
        {
            var known = options.Backends.Count == 0 ? "none are defined" : "defined: " + string.Join(", ", options.Backends.Keys.Order(StringComparer.Ordinal));
            errors.Add($"{key}:Backend: backend '{part.Backend}' is not defined ({known}).");
        }

        if (part.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{key}:Timeout: must be positive, e.g. 00:00:02.");
        }

        if (string.IsNullOrWhiteSpace(part.Path))
        {
            errors.Add($"{key}:Path: is required, e.g. /products/{{id}}.");
            return;
        }

        if (!part.Path.StartsWith('/') || part.Path.Contains('?', StringComparison.Ordinal))
        {
            errors.Add($"{key}:Path: '{part.Path}' must start with '/' and hold no query string.");
            return;
        }

        RoutePattern template;
        try
        {
            template = RoutePatternFactory.Parse(part.Path);
        }
        catch (RoutePatternException ex)
        {
            errors.Add($"{key}:Path: '{part.Path}' is not a valid route template: {ex.Message}");
            return;
        }

        foreach (var parameter in template.Parameters.Where(p => pattern is not null && pattern.GetParameter(p.Name) is null))
        {
            errors.Add($"{key}:Path: parameter '{{{parameter.Name}}}' does not appear in Path '{path}'.");
        }
    }
}
