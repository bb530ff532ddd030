using System.Diagnostics;
using System.Diagnostics.Metrics;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.RateLimiting;

/// <summary>The rate limiter's instruments, on the gateway's meter.</summary>
internal sealed class RateLimitingMetrics
{
    public const string PolicyTag = "gateway.ratelimit.policy";
    public const string KindTag = "gateway.ratelimit.kind";
    public const string OutcomeTag = "gateway.ratelimit.outcome";
    public const string ReasonTag = "gateway.ratelimit.reason";
    public const string ModeTag = "gateway.ratelimit.mode";

    private readonly Counter<long> _decisions;
    private readonly Counter<long> _storageFailures;
    private readonly Histogram<double> _syncDuration;

    public RateLimitingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        _decisions = meter.CreateCounter<long>(
            "gateway.ratelimit.decisions", "{decision}",
            "Rate-limit and quota decisions, tagged by policy or plan, kind (rate or quota), outcome, reason and mode (synced, or local while storage is unavailable).");
        _storageFailures = meter.CreateCounter<long>(
            "gateway.ratelimit.storage_failures", "{failure}", "Sync rounds that failed because Table Storage did not answer in time or failed, tagged by error type.");
        _syncDuration = meter.CreateHistogram<double>(
            "gateway.ratelimit.sync.duration", "s", "Duration of sync rounds (write this instance's counts, read the others'), tagged by outcome.");
    }

    public void Decided(string policy, string kind, RateLimitRejection reason, bool local)
    {
        // TagList keeps up to eight tags inline: no allocation on the hot path.
        var tags = new TagList
        {
            { PolicyTag, policy },
            { KindTag, kind },
            { OutcomeTag, Outcome(reason) },
            { ReasonTag, Reason(reason) },
            { ModeTag, local ? "local" : "synced" },
        };
        _decisions.Add(1, tags);
    }

    public void StorageFailed(Exception exception) =>
        _storageFailures.Add(1, new KeyValuePair<string, object?>("error.type", exception.GetType().FullName));

    public void Synced(TimeSpan duration, bool succeeded) =>
        _syncDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(OutcomeTag, succeeded ? "success" : "failure"));

    private static string Outcome(RateLimitRejection reason) => reason switch
    {
        RateLimitRejection.None => "allowed",
        RateLimitRejection.StorageUnavailable => "rejected",
        _ => "limited",
    };

    private static string Reason(RateLimitRejection reason) => reason switch
    {
        RateLimitRejection.None => "none",
        RateLimitRejection.RateLimited => "rate_limited",
        RateLimitRejection.QuotaExceeded => "quota_exceeded",
        _ => "storage_unavailable",
    };
}
