namespace Serverless.Gateway.Forwarding.Mirroring;

/// <summary>The <c>outcome</c> tag values of <c>gateway.mirror.requests</c>.</summary>
internal static class MirrorOutcome
{
    public const string Sent = "sent";
    public const string SkippedConcurrency = "skipped_concurrency";
    public const string SkippedBody = "skipped_body";
    public const string Failed = "failed";
    public const string Timeout = "timeout";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    /// <summary>"2xx" for 204 and so on, without allocating.</summary>
    public static string StatusClass(int status) => status is >= 100 and < 600 ? StatusClasses[(status / 100) - 1] : "other";
}
