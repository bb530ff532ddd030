using System.Globalization;

namespace Serverless.Gateway.AccessRules;

/// <summary>
/// The forms an allowed origin takes in configuration and on an API key: an exact origin <c>https://app.example.com</c>
/// (optionally with a port), a wildcard subdomain <c>https://*.example.com</c>, or <c>*</c> alone. Parsed once when the
/// configuration or the key is read, and brought to the form a browser sends in <c>Origin</c>: lower case, punycode,
/// default port left out.
/// </summary>
public static class AllowedOrigin
{
    public const string Any = "*";

    /// <summary>The forms, for error messages.</summary>
    public const string Forms = "an origin such as https://app.example.com or http://localhost:3000, or a wildcard subdomain such as https://*.example.com";

    private const string WildcardPrefix = "*.";

    /// <summary>Checks <paramref name="text"/> and gives its normal form, or says what is wrong with it.</summary>
    public static bool TryNormalize(string? text, out string normalized, out string error)
    {
        normalized = string.Empty;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"is empty; use {Forms}.";
            return false;
        }

        if (text == Any)
        {
            normalized = Any;
            return true;
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? string.Empty : text[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("http" or "https"))
        {
            error = $"'{text}' must start with http:// or https://; use {Forms}.";
            return false;
        }

        var authority = text[(schemeEnd + 3)..];
        if (authority.Length == 0 || authority.IndexOfAny(['/', '?', '#', '@', '\\', ' ', '%']) >= 0)
        {
            error = $"'{text}' must be scheme://host[:port] only, without path, query, fragment or user; use {Forms}.";
            return false;
        }

        var wildcard = authority.StartsWith(WildcardPrefix, StringComparison.Ordinal);
        var rest = wildcard ? authority[WildcardPrefix.Length..] : authority;
        if (rest.Contains('*', StringComparison.Ordinal) || !Uri.TryCreate($"{scheme}://{rest}/", UriKind.Absolute, out var uri) || uri.AbsolutePath != "/")
        {
            error = $"'{text}' is not a valid origin; use {Forms} (a wildcard stands for subdomains and goes in front only).";
            return false;
        }

        if (wildcard && (uri.HostNameType != UriHostNameType.Dns || !uri.IdnHost.Contains('.', StringComparison.Ordinal)))
        {
            error = $"'{text}': a wildcard needs a domain of at least two labels after it, such as https://*.example.com.";
            return false;
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        var port = uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        normalized = $"{scheme}://{(wildcard ? WildcardPrefix : string.Empty)}{host}{port}";
        return true;
    }
}
