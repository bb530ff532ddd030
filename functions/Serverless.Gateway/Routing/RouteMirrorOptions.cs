namespace Serverless.Gateway.Routing;

/// <summary>
/// A shadow copy of a share of the route's requests sent to another backend, whose answer is discarded: the caller
/// always gets the primary's answer. The shadow's status and latency are recorded beside the primary's.
/// </summary>
public sealed class RouteMirrorOptions
{
    /// <summary>Required. The id of the backend in <see cref="GatewayOptions.Backends"/> that receives the copies; not the route's own backend.</summary>
    public string? Backend { get; set; }

    /// <summary>Share of the route's admitted requests copied, 0 to 100. Default 100.</summary>
    public double Percent { get; set; } = 100;

    /// <summary>Copies in flight at once per gateway instance; further copies are skipped (and counted), never queued. Default 16.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>
    /// Largest request body in bytes that is copied; a larger body, or one of unknown length, is not mirrored (and counted
    /// as skipped). 0 mirrors only requests without a body. Default 65536 (64 KB).
    /// </summary>
    public long MaxBodySize { get; set; } = 64 * 1024;

    /// <summary>Time a copy may take, its answer read to the end; then it is abandoned and counted as a timeout. Default 5 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
