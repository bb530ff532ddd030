namespace Serverless.Gateway.AccessRules;

/// <summary>
/// Allowed origins, checked against a request's <c>Origin</c> header without allocating: exact origins in a set,
/// wildcard subdomains as a scheme and a suffix (<c>https://*.example.com</c> allows <c>https://a.example.com</c> and
/// <c>https://a.b.example.com</c>, not <c>https://example.com</c>). Build it from entries that
/// <see cref="AllowedOrigin.TryNormalize"/> accepted.
/// </summary>
public sealed class OriginAllowList
{
    private readonly HashSet<string> _exact;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _exactLookup;
    private readonly (string Scheme, string Suffix)[] _wildcards;

    private OriginAllowList(bool allowsAny, HashSet<string> exact, (string, string)[] wildcards)
    {
        AllowsAny = allowsAny;
        _exact = exact;
        _exactLookup = exact.GetAlternateLookup<ReadOnlySpan<char>>();
        _wildcards = wildcards;
    }

    /// <summary>The list is <c>*</c>: any origin.</summary>
    public bool AllowsAny { get; }

    /// <summary>
    /// The list from <paramref name="entries"/>; entries that are not valid origins are left out, so they match nothing
    /// (configuration and the CLI reject them before they get here; a hand-edited stored key fails closed).
    /// </summary>
    public static OriginAllowList Create(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var any = false;
        var exact = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new List<(string, string)>();
        foreach (var entry in entries)
        {
            if (!AllowedOrigin.TryNormalize(entry, out var origin, out _))
            {
                continue;
            }

            if (origin == AllowedOrigin.Any)
            {
                any = true;
            }
            else if (origin.IndexOf("://*.", StringComparison.Ordinal) is var star and >= 0)
            {
                // "https://*.example.com" becomes ("https://", ".example.com").
                wildcards.Add((origin[..(star + 3)], origin[(star + 4)..]));
            }
            else
            {
                exact.Add(origin);
            }
        }

        return new OriginAllowList(any, exact, [.. wildcards]);
    }

    public bool IsAllowed(ReadOnlySpan<char> origin)
    {
        if (AllowsAny)
        {
            return true;
        }

        if (_exact.Count > 0 && _exactLookup.Contains(origin))
        {
            return true;
        }

        foreach (var (scheme, suffix) in _wildcards)
        {
            if (origin.Length > scheme.Length + suffix.Length
                && origin.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
                && origin.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && IsSubdomain(origin[scheme.Length..^suffix.Length]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One or more DNS labels: nothing that would let a port, a user or a path sneak in before the suffix.</summary>
    private static bool IsSubdomain(ReadOnlySpan<char> labels)
    {
        if (labels[0] == '.' || labels[^1] == '.')
        {
            return false;
        }

        foreach (var c in labels)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
