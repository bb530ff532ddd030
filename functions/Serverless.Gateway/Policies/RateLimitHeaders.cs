using System.Collections.Concurrent;
using System.Globalization;
using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Policies;

/// <summary>
/// The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers): <c>RateLimit-Policy: "name";q=limit;w=window</c>
/// and <c>RateLimit: "name";r=remaining;t=reset</c>, one list item per policy or quota that applies.
/// </summary>
public static class RateLimitHeaders
{
    public const string Policy = "RateLimit-Policy";
    public const string Current = "RateLimit";

    // Limits come from configuration, so there are few; only a long run of revisions that change them could fill this.
    private const int MaxCachedPolicies = 1024;

    // The RateLimit-Policy item never changes for a policy, so it is formatted once; only RateLimit's numbers do.
    private static readonly ConcurrentDictionary<(string Name, QuotaPeriod Period, long Limit, long Seconds), Fields> Formatted = new();

    // A route's rate limit and its plan's quota come in a few fixed pairs, so their joined RateLimit-Policy line is formatted once too.
    private static readonly ConcurrentDictionary<(string Line, Fields Added), string> Joined = new();

    public static void Write(IHeaderDictionary headers, RateLimitDecision decision) =>
        Append(headers, FieldsOf(decision.Policy, QuotaPeriod.None, decision.Limit, decision.Window), decision.Remaining, decision.ResetAfter);

    public static void Write(IHeaderDictionary headers, QuotaDecision decision) =>
        Append(headers, FieldsOf(decision.Plan, decision.Period, decision.Limit, decision.PeriodLength), decision.Remaining, decision.ResetAfter);

    private static void Append(IHeaderDictionary headers, Fields fields, long remaining, TimeSpan reset)
    {
        var resetSeconds = (long)Math.Ceiling(reset.TotalSeconds);
        remaining = Math.Max(0, remaining);
        if (headers.TryGetValue(Current, out var current) && current.Count == 1 && headers.TryGetValue(Policy, out var policy) && policy.Count == 1)
        {
            headers[Policy] = JoinedPolicy(policy.ToString(), fields);
            headers[Current] = string.Create(CultureInfo.InvariantCulture, $"{current.ToString()}, {fields.QuotedName};r={remaining};t={resetSeconds}");
            return;
        }

        headers.Append(Policy, fields.Policy);
        headers.Append(Current, string.Create(CultureInfo.InvariantCulture, $"{fields.QuotedName};r={remaining};t={resetSeconds}"));
    }

    private static string JoinedPolicy(string line, Fields added)
    {
        if (Joined.TryGetValue((line, added), out var joined))
        {
            return joined;
        }

        if (Joined.Count >= MaxCachedPolicies)
        {
            Joined.Clear();
        }

        joined = line + ", " + added.Policy;
        Joined.TryAdd((line, added), joined);
        return joined;
    }

    private static Fields FieldsOf(string name, QuotaPeriod period, long limit, TimeSpan window)
    {
        var key = (name, period, limit, (long)Math.Ceiling(window.TotalSeconds));
        if (Formatted.TryGetValue(key, out var fields))
        {
            return fields;
        }

        if (Formatted.Count >= MaxCachedPolicies)
        {
            Formatted.Clear();
        }

        var quoted = period switch
        {
            QuotaPeriod.Day => $"\"{name}-day\"",
            QuotaPeriod.Month => $"\"{name}-month\"",
            _ => $"\"{name}\"",
        };
        fields = new Fields(quoted, string.Create(CultureInfo.InvariantCulture, $"{quoted};q={limit};w={key.Item4}"));
        Formatted.TryAdd(key, fields);
        return fields;
    }

    private sealed record Fields(string QuotedName, string Policy);
}
