namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>One measured wrk run against one target, with the CPU time its server used per request.</summary>
public sealed record LoadSample(string TargetId, int Connections, int Round, WrkResult Wrk, TimeSpan CpuTime)
{
    public double CpuMicrosecondsPerRequest => Wrk.Requests == 0 ? 0 : CpuTime.TotalMicroseconds / Wrk.Requests;
}
