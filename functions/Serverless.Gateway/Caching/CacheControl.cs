using Microsoft.Extensions.Primitives;

namespace Serverless.Gateway.Caching;

/// <summary>Reads <c>Cache-Control</c> directives without allocating: a directive is a comma-separated token, maybe with <c>=value</c>.</summary>
internal static class CacheControl
{
    public static bool Has(StringValues header, string directive) => Find(header, directive, out _);

    /// <summary>The directive's value in seconds, when it is present with a non-negative integer value.</summary>
    public static bool TryGetSeconds(StringValues header, string directive, out long seconds)
    {
        seconds = 0;
        return Find(header, directive, out var value) && long.TryParse(value.Trim('"'), out seconds) && seconds >= 0;
    }

    private static bool Find(StringValues header, string directive, out ReadOnlySpan<char> value)
    {
        foreach (var line in header)
        {
            var rest = (line ?? string.Empty).AsSpan();
            while (!rest.IsEmpty)
            {
                var comma = rest.IndexOf(',');
                var item = (comma < 0 ? rest : rest[..comma]).Trim();
                rest = comma < 0 ? [] : rest[(comma + 1)..];
                var equals = item.IndexOf('=');
                var name = (equals < 0 ? item : item[..equals]).Trim();
                if (name.Equals(directive, StringComparison.OrdinalIgnoreCase))
                {
                    value = equals < 0 ? [] : item[(equals + 1)..].Trim();
                    return true;
                }
            }
        }

        value = [];
        return false;
    }
}
