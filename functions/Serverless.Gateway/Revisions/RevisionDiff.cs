namespace Serverless.Gateway.Revisions;

/// <summary>
/// What a new document changes against the live one, one line per setting path: <c>+ path = value</c> added,
/// <c>- path = value</c> removed, <c>~ path: old -> new</c> changed. Values of transforms are not shown: a header a route
/// sets for its backend may be a credential.
/// </summary>
public static class RevisionDiff
{
    public static IReadOnlyList<string> Compute(IReadOnlyDictionary<string, string?> live, IReadOnlyDictionary<string, string?> next)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(next);
        var keys = live.Keys.Concat(next.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Order(ConfigurationKeyComparer.Instance);
        var lines = new List<string>();
        foreach (var key in keys)
        {
            var before = Find(live, key);
            var after = Find(next, key);
            if (before is null && after is not null)
            {
                lines.Add($"+ {key} = {Show(key, after)}");
            }
            else if (before is not null && after is null)
            {
                lines.Add($"- {key} = {Show(key, before)}");
            }
            else if (before is not null && after is not null && !string.Equals(before, after, StringComparison.Ordinal))
            {
                lines.Add(Hidden(key) ? $"~ {key}: (value not shown) changed" : $"~ {key}: {before} -> {after}");
            }
        }

        return lines;
    }

    private static string? Find(IReadOnlyDictionary<string, string?> values, string key) =>
        values.TryGetValue(key, out var value) ? value
        : values.FirstOrDefault(pair => pair.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value;

    private static string Show(string key, string value) => Hidden(key) ? "(value not shown)" : value;

    private static bool Hidden(string key) => key.Contains(":Transforms:", StringComparison.OrdinalIgnoreCase);
}
