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

    public static void Write(IHeaderDictionary headers, RateLimitDecision decision) =>
        Append(headers, decision.Policy, decision.Limit, decision.Window, decision.Remaining, decision.ResetAfter);

    public static void Write(IHeaderDictionary headers, QuotaDecision decision) =>
        Append(headers, $"{decision.Plan}-{decision.Period.ToString().ToLowerInvariant()}", decision.Limit, decision.PeriodLength, decision.Remaining, decision.ResetAfter);

    private static void Append(IHeaderDictionary headers, string name, long limit, TimeSpan window, long remaining, TimeSpan reset)
    {
        var seconds = (long)Math.Ceiling(window.TotalSeconds);
        var resetSeconds = (long)Math.Ceiling(reset.TotalSeconds);
        headers.Append(Policy, string.Create(CultureInfo.InvariantCulture, $"\"{name}\";q={limit};w={seconds}"));
        headers.Append(Current, string.Create(CultureInfo.InvariantCulture, $"\"{name}\";r={Math.Max(0, remaining)};t={resetSeconds}"));
    }
}
