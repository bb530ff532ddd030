namespace Serverless.Gateway.Routing;

/// <summary>Active health probing: a GET to each destination on an interval; failing destinations leave the rotation.</summary>
public sealed class HealthProbeOptions
{
    /// <summary>Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Path probed on each destination. Default <c>/healthz</c>.</summary>
    public string Path { get; set; } = "/healthz";

    /// <summary>Time between probes. Default 15 seconds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time a probe may take. Default 5 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Consecutive failed probes before a destination is taken out. Default 2.</summary>
    public int FailureThreshold { get; set; } = 2;
}
