namespace Serverless.Gateway.Routing;

/// <summary>Checks a route's <c>Mirror</c> settings, one line per problem.</summary>
public static class RouteMirrorOptionsValidator
{
    public static void Validate(string routeKey, GatewayRouteOptions route, GatewayOptions options, List<string> errors)
    {
        if (route.Mirror is not { } mirror)
        {
            return;
        }

        var key = $"{routeKey}:Mirror";
        if (string.IsNullOrWhiteSpace(mirror.Backend))
        {
            errors.Add($"{key}:Backend: is required; name the backend under {GatewayOptions.SectionName}:Backends that receives the copies.");
        }
        else if (!options.Backends.ContainsKey(mirror.Backend))
        {
            var known = options.Backends.Count == 0 ? "none are defined" : "defined: " + string.Join(", ", options.Backends.Keys.Order(StringComparer.Ordinal));
            errors.Add($"{key}:Backend: backend '{mirror.Backend}' is not defined ({known}).");
        }
        else if (string.Equals(mirror.Backend, route.Backend, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}:Backend: '{mirror.Backend}' is the route's own backend, which would receive every copied request twice; name the backend of the version under test.");
        }

        if (mirror.Percent is < 0 or > 100 || double.IsNaN(mirror.Percent))
        {
            errors.Add($"{key}:Percent: {mirror.Percent} must be between 0 and 100.");
        }

        if (mirror.MaxConcurrency < 1)
        {
            errors.Add($"{key}:MaxConcurrency: must be at least 1.");
        }

        if (mirror.MaxBodySize < 0)
        {
            errors.Add($"{key}:MaxBodySize: must be a size in bytes, 0 or more (0 mirrors only requests without a body).");
        }

        if (mirror.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{key}:Timeout: must be positive, e.g. 00:00:05.");
        }
    }
}
