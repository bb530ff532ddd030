namespace Serverless.Gateway.Benchmarks.Profile;

/// <summary>
/// One line of <c>perf report --children --sort sym</c>: the share of all samples whose call chain holds
/// <paramref name="Symbol"/> (the time in it and in everything it called).
/// </summary>
/// <param name="Share">Inclusive share of all samples, from 0 to 1.</param>
public sealed record PerfInclusiveFrame(string Symbol, double Share);
