namespace Serverless.Gateway.Benchmarks.Profile;

/// <summary>
/// Where one process's CPU time per request went: <see cref="CpuMicrosecondsPerRequest"/> (measured) split over the
/// groups of code that were executing when perf sampled (self time, so the groups add up to the total), and the top
/// frames of the request path by inclusive time.
/// </summary>
/// <param name="CpuMicrosecondsPerRequest">The process's CPU time (user + system) over the wrk run ÷ requests.</param>
/// <param name="Samples">Samples perf took of the process.</param>
/// <param name="Groups">µs of CPU per request by group: an assembly's name, or one of <see cref="PerfReportParser"/>'s native groups.</param>
/// <param name="RequestPath">The request path's frames with the most inclusive time, most first.</param>
public sealed record CpuProfile(double CpuMicrosecondsPerRequest, long Samples, IReadOnlyDictionary<string, double> Groups, IReadOnlyList<FrameCost> RequestPath);
