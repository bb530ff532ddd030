using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>
/// One thing the load is pointed at. <see cref="Process"/> is what serves it (for the direct target, the backend),
/// whose CPU time per request and memory are reported. <see cref="HitCheck"/>, on the cached target only, proves that
/// its measured requests were cache hits.
/// </summary>
public sealed record LoadTarget(string Id, string Name, Uri Uri, IReadOnlyDictionary<string, string> Headers, BenchProcess Process, CacheHitCheck? HitCheck = null);
