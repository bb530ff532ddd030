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

    private static string JoinedPolicy(string line, Fields added) =>
        Cached(Joined, (Line: line, Added: added), static key => key.Line + ", " + key.Added.Policy);

    private static Fields FieldsOf(string name, QuotaPeriod period, long limit, TimeSpan window) =>
        Cached(Formatted, (Name: name, Period: period, Limit: limit, Seconds: (long)Math.Ceiling(window.TotalSeconds)), static key =>
        {
            var quoted = key.Period switch
            {
                QuotaPeriod.Day => $"\"{key.Name}-day\"",
                QuotaPeriod.Month => $"\"{key.Name}-month\"",
                _ => $"\"{key.Name}\"",
            };
            return new Fields(quoted, string.Create(CultureInfo.InvariantCulture, $"{quoted};q={key.Limit};w={key.Seconds}"));
        });

    /// <summary>Formats once per key; the cache is emptied when full rather than grown without bound.</summary>
    private static TValue Cached<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache, TKey key, Func<TKey, TValue> format)
        where TKey : notnull
    {
        if (cache.TryGetValue(key, out var value))
        {
            return value;
        }

        if (cache.Count >= MaxCachedPolicies)
        {
            cache.Clear();
        }

        value = format(key);
        cache.TryAdd(key, value);
        return value;
    }

    private sealed record Fields(string QuotedName, string Policy);
}
