namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>One target at one connection level: the medians over the rounds.</summary>
public sealed record LoadSummary(string TargetId, int Connections, double RequestsPerSecond, TimeSpan P50, TimeSpan P99, double CpuMicrosecondsPerRequest, bool AllClean);
