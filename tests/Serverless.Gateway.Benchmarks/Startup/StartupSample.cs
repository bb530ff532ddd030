namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>
/// One start, timed from just before the process was started: until its port accepted a connection (the host has
/// started: configuration, services, hosted services, Kestrel), and until the route first answered 200.
/// </summary>
public sealed record StartupSample(string Variant, string Route, TimeSpan Listening, TimeSpan FirstOk, TimeSpan CpuTime, int NotOkAnswers)
{
    /// <summary>From listening to the first 200: the first request's own cost (JIT of the request path, a key lookup, the backend connection).</summary>
    public TimeSpan FirstRequest => FirstOk - Listening;
}
