namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>One wrk run as wrk reported it.</summary>
public sealed record WrkResult(double RequestsPerSecond, long Requests, TimeSpan P50, TimeSpan P99, long Non2xx, long SocketErrors)
{
    /// <summary>A run counts only if every request was answered with a success: a refused or failed request is cheap and would flatter the target.</summary>
    public bool IsClean => Non2xx == 0 && SocketErrors == 0 && Requests > 0;
}
