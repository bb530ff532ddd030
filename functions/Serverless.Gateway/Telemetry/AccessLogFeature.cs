namespace Serverless.Gateway.Telemetry;

/// <summary>
/// What the steps of one access-logged request add to its record: retries, the Problem Details code the gateway answered
/// with, and why a rate limit or quota refused it. Present (in <c>HttpContext.Features</c>, and in <see cref="Current"/>
/// for the backend's HTTP handler, which has no <c>HttpContext</c>) only on routes with <c>AccessLog</c> on.
/// </summary>
public sealed class AccessLogFeature
{
    private static readonly AsyncLocal<AccessLogFeature?> CurrentRequest = new();

    private int _retries;

    /// <summary>The record of the access-logged request this code runs for, or null.</summary>
    public static AccessLogFeature? Current
    {
        get => CurrentRequest.Value;
        set => CurrentRequest.Value = value;
    }

    public int Retries => Volatile.Read(ref _retries);

    /// <summary>The <c>code</c> of the Problem Details the gateway wrote, or null when it wrote none.</summary>
    public string? ProblemCode { get; set; }

    /// <summary>The rate-limit policy, or the plan of a quota, that refused the request; null when none did.</summary>
    public string? LimitPolicy { get; private set; }

    /// <summary><c>rate-limit</c>, <c>daily-quota</c> or <c>monthly-quota</c>; null when nothing refused the request.</summary>
    public string? LimitKind { get; private set; }

    public TimeSpan LimitWindow { get; private set; }

    public long Limit { get; private set; }

    public long LimitAllowance { get; private set; }

    public long LimitAdmitted { get; private set; }

    /// <summary><c>synced</c> when the limiter decided with storage reachable, <c>local</c> when it decided alone.</summary>
    public string? Limiter { get; private set; }

    public void CountRetry() => Interlocked.Increment(ref _retries);

    /// <summary>Records why a rate limit or quota refused the request: this instance's allowance and admitted count in the window.</summary>
    public void Throttled(string kind, string policy, TimeSpan window, long limit, long allowance, long admitted, bool synced)
    {
        LimitPolicy = policy;
        LimitKind = kind;
        LimitWindow = window;
        Limit = limit;
        LimitAllowance = allowance;
        LimitAdmitted = admitted;
        Limiter = synced ? "synced" : "local";
    }
}
