namespace Serverless.Gateway.Forwarding;

/// <summary>Methods RFC 9110 defines as idempotent: the only ones a retry may repeat.</summary>
public static class IdempotentMethods
{
    /// <summary>The header (IETF draft-ietf-httpapi-idempotency-key) that makes any method safe to repeat at a receiver that honours it.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static bool Contains(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options
        || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Trace;
}
