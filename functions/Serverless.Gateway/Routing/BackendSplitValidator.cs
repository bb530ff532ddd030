namespace Serverless.Gateway.Routing;

/// <summary>Checks a backend's <see cref="BackendOptions.Groups"/> and <see cref="BackendOptions.Split"/>, one line per problem naming the full key.</summary>
internal static class BackendSplitValidator
{
    public const string HeaderPrefix = "Header:";

    private const string TokenSymbols = "!#$%&'*+-.^_`|~";

    private static readonly HashSet<string> StickyKeys = new(StringComparer.OrdinalIgnoreCase) { "Tenant", "ApiKey", "Subject" };

    /// <summary>
    /// Headers a caller may not choose a group or a sticky key with: the gateway's identity headers and the API key
    /// (a client copy is not the verified caller), the credentials, the connection and what the gateway sets itself.
    /// </summary>
    private static readonly HashSet<string> OwnedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Cookie", "Host", "Connection", "Keep-Alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length",
        "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix", "traceparent", "tracestate",
    };

    public static void Validate(string key, BackendOptions backend, List<string> errors)
    {
        var split = backend.Split;
        if (backend.Groups.Count == 0)
        {
            if (split.Targets.Count > 0 || split.Rollback.Enabled)
            {
                errors.Add($"{key}:Split: Targets and Rollback need Groups; define {key}:Groups:<name> with Destinations and Weight first.");
            }

            return;
        }

        ValidateGroups(key, backend, errors);
        ValidateStickyBy($"{key}:Split:StickyBy", split.StickyBy, errors);
        ValidateHeaderName($"{key}:Split:OverrideHeader", split.OverrideHeader, errors);
        for (var i = 0; i < split.Targets.Count; i++)
        {
            var target = split.Targets[i];
            var targetKey = $"{key}:Split:Targets:{i}";
            GroupName($"{targetKey}:Group", target.Group, backend, errors);
            if (target.Plans.Count == 0 && target.Tenants.Count == 0)
            {
                errors.Add($"{targetKey}: name at least one of Plans or Tenants.");
            }
        }

        ValidateRollback($"{key}:Split:Rollback", split.Rollback, backend, errors);
    }

    private static void ValidateGroups(string key, BackendOptions backend, List<string> errors)
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var total = 0;
        foreach (var (name, group) in backend.Groups)
        {
            var groupKey = $"{key}:Groups:{name}";
            if (group.Weight is < 0 or > 100)
            {
                errors.Add($"{groupKey}:Weight: {group.Weight} must be between 0 and 100 (percent of sticky keys).");
            }
            else
            {
                total += group.Weight;
            }

            if (group.Destinations.Count == 0)
            {
                errors.Add($"{groupKey}:Destinations: at least one destination is required, e.g. \"{groupKey}:Destinations:0\": \"<a name under {key}:Destinations>\".");
            }

            for (var i = 0; i < group.Destinations.Count; i++)
            {
                var destination = group.Destinations[i];
                if (!backend.Destinations.ContainsKey(destination))
                {
                    errors.Add($"{groupKey}:Destinations:{i}: '{destination}' is not a destination of this backend (defined: {string.Join(", ", backend.Destinations.Keys.Order(StringComparer.Ordinal))}).");
                }
                else if (!owners.TryAdd(destination, name))
                {
                    errors.Add($"{groupKey}:Destinations:{i}: '{destination}' is already in group '{owners[destination]}'; a destination belongs to exactly one group.");
                }
            }
        }

        foreach (var destination in backend.Destinations.Keys.Where(d => !owners.ContainsKey(d)).Order(StringComparer.Ordinal))
        {
            errors.Add($"{key}:Destinations:{destination}: is in no group; with Groups set, list every destination in exactly one group.");
        }

        if (total != 100 && backend.Groups.Values.All(static g => g.Weight is >= 0 and <= 100))
        {
            errors.Add($"{key}:Groups: the weights sum to {total}; they must sum to exactly 100, e.g. 90 and 10.");
        }
    }

    private static void ValidateRollback(string key, CanaryRollbackOptions rollback, BackendOptions backend, List<string> errors)
    {
        if (!rollback.Enabled)
        {
            return;
        }

        GroupName($"{key}:Group", rollback.Group, backend, errors);
        GroupName($"{key}:Against", rollback.Against, backend, errors);
        if (rollback.Group is not null && rollback.Group.Equals(rollback.Against, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}:Against: must name a group other than the canary '{rollback.Group}' (the stable group it is compared with).");
        }

        if (rollback.Window < TimeSpan.FromSeconds(1) || rollback.Window > TimeSpan.FromDays(1))
        {
            errors.Add($"{key}:Window: must be between 1 second and 1 day, e.g. 00:01:00.");
        }

        if (rollback.MinimumRequests < 1)
        {
            errors.Add($"{key}:MinimumRequests: must be at least 1.");
        }

        if (double.IsNaN(rollback.ErrorRatioMargin) || rollback.ErrorRatioMargin is < 0 or > 1)
        {
            errors.Add($"{key}:ErrorRatioMargin: must be between 0 and 1, e.g. 0.05 for five percentage points.");
        }

        if (rollback.P95Margin < TimeSpan.Zero)
        {
            errors.Add($"{key}:P95Margin: must not be negative, e.g. 00:00:00.250.");
        }
    }

    private static void GroupName(string key, string? group, BackendOptions backend, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(group))
        {
            errors.Add($"{key}: is required; name one of the backend's groups ({string.Join(", ", backend.Groups.Keys.Order(StringComparer.Ordinal))}).");
        }
        else if (!backend.Groups.ContainsKey(group))
        {
            errors.Add($"{key}: group '{group}' is not defined (defined: {string.Join(", ", backend.Groups.Keys.Order(StringComparer.Ordinal))}).");
        }
    }

    private static void ValidateStickyBy(string key, string stickyBy, List<string> errors)
    {
        if (stickyBy.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
        {
            ValidateHeaderName(key, stickyBy[HeaderPrefix.Length..], errors);
        }
        else if (!StickyKeys.Contains(stickyBy))
        {
            errors.Add($"{key}: '{stickyBy}' must be Tenant, ApiKey, Subject or Header:<name>.");
        }
    }

    private static void ValidateHeaderName(string key, string? name, List<string> errors)
    {
        if (string.IsNullOrEmpty(name) || !name.All(static c => char.IsAsciiLetterOrDigit(c) || TokenSymbols.Contains(c, StringComparison.Ordinal)))
        {
            errors.Add($"{key}: '{name}' is not a header name; use letters, digits and {TokenSymbols} only.");
        }
        else if (IsGatewayOwned(name))
        {
            errors.Add($"{key}: '{name}' is a header the gateway owns or the caller's credential (X-Gateway-*, X-Api-Key, Authorization, Cookie, "
                + "connection and forwarding headers); a client could spoof it. Use StickyBy Tenant, ApiKey or Subject for the verified caller, or a header of your own.");
        }
    }

    private static bool IsGatewayOwned(string name) =>
        OwnedHeaders.Contains(name) || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)
        || HeaderAliases.IsSpellingOf(name, TransformsValidator.ApiKeyHeader)
        || (name.Length >= TransformsValidator.GatewayHeaderPrefix.Length
            && HeaderAliases.IsSpellingOf(name[..TransformsValidator.GatewayHeaderPrefix.Length], TransformsValidator.GatewayHeaderPrefix));
}
