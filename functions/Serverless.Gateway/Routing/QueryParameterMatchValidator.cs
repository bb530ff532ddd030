namespace Serverless.Gateway.Routing;

/// <summary>Checks a route's <see cref="GatewayRouteOptions.QueryParameters"/> conditions, as <see cref="GatewayOptionsValidator"/> checks header conditions.</summary>
internal static class QueryParameterMatchValidator
{
    private static readonly HashSet<string> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Exact", "Exists", "Prefix", "Contains", "NotContains",
    };

    public static void Validate(string routeKey, List<RouteQueryParameterOptions> parameters, List<string> errors)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            var key = $"{routeKey}:QueryParameters:{i}";
            var parameter = parameters[i];
            if (string.IsNullOrWhiteSpace(parameter.Name))
            {
                errors.Add($"{key}:Name: is required.");
            }

            if (!Modes.Contains(parameter.Mode))
            {
                errors.Add($"{key}:Mode: '{parameter.Mode}' is not one of {string.Join(", ", Modes)}.");
            }
            else if (parameter.Mode.Equals("Exists", StringComparison.OrdinalIgnoreCase))
            {
                if (parameter.Values.Count > 0)
                {
                    errors.Add($"{key}:Values: mode Exists matches any value; remove the values, or use mode Exact.");
                }
            }
            else if (parameter.Values.Count == 0)
            {
                errors.Add($"{key}:Values: at least one value is required for mode {parameter.Mode}.");
            }

            for (var j = 0; j < parameter.Values.Count; j++)
            {
                if (string.IsNullOrEmpty(parameter.Values[j]))
                {
                    errors.Add($"{key}:Values:{j}: must not be empty; use mode Exists to match the parameter with any value.");
                }
            }
        }
    }
}
