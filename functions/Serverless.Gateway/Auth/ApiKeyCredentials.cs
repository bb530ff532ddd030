using Microsoft.Extensions.Primitives;

namespace Serverless.Gateway.Auth;

/// <summary>Finds an <c>ApiKey</c> credential in raw <c>Authorization</c> values, whatever else they hold.</summary>
internal static class ApiKeyCredentials
{
    /// <summary>
    /// True when any comma-separated element of any line starts with the scheme <c>ApiKey</c> (any case). Splitting on
    /// every comma also splits auth-params and quoted strings, which can only find more, never fewer: stripping a
    /// header that merely mentions the scheme costs the backend nothing it was meant to have.
    /// </summary>
    public static bool AnyIn(StringValues authorization)
    {
        foreach (var line in authorization)
        {
            if (line is null)
            {
                continue;
            }

            foreach (var range in line.AsSpan().Split(','))
            {
                var element = line.AsSpan()[range].TrimStart(" \t");
                if (element.StartsWith(CallerIdentity.ApiKeyScheme, StringComparison.OrdinalIgnoreCase)
                    && (element.Length == CallerIdentity.ApiKeyScheme.Length || !IsTokenChar(element[CallerIdentity.ApiKeyScheme.Length])))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>RFC 9110 tchar: a character that would make the scheme a longer name such as <c>ApiKeyV2</c>.</summary>
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
