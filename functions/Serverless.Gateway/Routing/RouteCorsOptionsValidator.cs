using Serverless.Gateway.AccessRules;

namespace Serverless.Gateway.Routing;

/// <summary>Checks a route's <c>Cors</c> settings, one line per problem, each naming its key.</summary>
public static class RouteCorsOptionsValidator
{
    private static readonly HashSet<string> Methods = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
    };

    public static void Validate(string routeKey, RouteCorsOptions? cors, List<string> errors)
    {
        if (cors is null)
        {
            return;
        }

        var key = routeKey + ":Cors";
        if (cors.AllowedOrigins.Count == 0)
        {
            errors.Add($"{key}:AllowedOrigins: at least one origin is required; use {AllowedOrigin.Forms}, or * alone for any origin.");
        }

        var any = false;
        for (var i = 0; i < cors.AllowedOrigins.Count; i++)
        {
            if (!AllowedOrigin.TryNormalize(cors.AllowedOrigins[i], out var origin, out var error))
            {
                errors.Add($"{key}:AllowedOrigins:{i}: {error}");
            }

            any |= origin == AllowedOrigin.Any;
        }

        if (any && cors.AllowedOrigins.Count > 1)
        {
            errors.Add($"{key}:AllowedOrigins: '*' allows every origin and must stand alone; remove it or the other origins.");
        }

        if (any && cors.AllowCredentials)
        {
            errors.Add($"{key}:AllowCredentials: cannot be true with AllowedOrigins '*' (browsers refuse credentials for any origin, and it would let every site call with the user's cookies); list the origins.");
        }

        for (var i = 0; i < (cors.AllowedMethods?.Count ?? 0); i++)
        {
            if (!Methods.Contains(cors.AllowedMethods![i]))
            {
                errors.Add($"{key}:AllowedMethods:{i}: '{cors.AllowedMethods[i]}' is not an HTTP method (use GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or TRACE).");
            }
        }

        ValidateHeaders($"{key}:AllowedHeaders", cors.AllowedHeaders, allowStar: true, errors);
        ValidateHeaders($"{key}:ExposedHeaders", cors.ExposedHeaders, allowStar: false, errors);
        if (cors.MaxAge < TimeSpan.Zero)
        {
            errors.Add($"{key}:MaxAge: must not be negative, e.g. 00:10:00 (00:00:00 makes the browser ask before every call).");
        }
    }

    private static void ValidateHeaders(string key, List<string>? headers, bool allowStar, List<string> errors)
    {
        for (var i = 0; i < (headers?.Count ?? 0); i++)
        {
            var header = headers![i];
            if (header == "*" ? !allowStar || headers.Count > 1 : !IsToken(header))
            {
                errors.Add($"{key}:{i}: '{header}' is not a header name (letters, digits and !#$%&'*+-.^_`|~){(allowStar ? ", or * alone for any header" : string.Empty)}.");
            }
        }
    }

    /// <summary>An RFC 9110 token, which is what a field name is.</summary>
    private static bool IsToken(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !"!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
