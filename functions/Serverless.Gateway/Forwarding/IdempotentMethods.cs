namespace Serverless.Gateway.Forwarding;

/// <summary>Methods RFC 9110 defines as idempotent: the only ones a retry may repeat.</summary>
public static class IdempotentMethods
{
    public static bool Contains(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options
        || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Trace;
}
