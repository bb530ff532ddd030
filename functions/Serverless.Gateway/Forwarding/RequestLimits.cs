namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Sizes the gateway refuses itself, with Problem Details. Kestrel's own limits are set to twice these: Kestrel answers
/// what it refuses while parsing, before any middleware runs, with an empty body, so it only gets the requests that are
/// far over.
/// </summary>
internal static class RequestLimits
{
    /// <summary>Longest request target (path and query as sent); Kestrel's default request line limit, 8 KiB.</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>Largest total of header names and values in bytes, with 4 bytes per line for ": " and CRLF; Kestrel's default, 32 KiB.</summary>
    public const int MaxHeadersSize = 32 * 1024;

    /// <summary>Most header lines; Kestrel's default, 100.</summary>
    public const int MaxHeaderCount = 100;

    public const int KestrelMaxRequestLineSize = 2 * MaxTargetLength;

    public const int KestrelMaxRequestHeadersTotalSize = 2 * MaxHeadersSize;

    public const int KestrelMaxRequestHeaderCount = 2 * MaxHeaderCount;
}
