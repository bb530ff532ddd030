namespace Serverless.Gateway.Telemetry;

/// <summary>Where telemetry goes, bound from the <c>Telemetry</c> section.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The cloud role name in Application Insights. Default <c>serverless-gateway</c>; <c>OTEL_SERVICE_NAME</c> overrides it.</summary>
    public string ServiceName { get; set; } = "serverless-gateway";

    /// <summary>Also write traces and metrics to the console (local debugging). Default false.</summary>
    public bool Console { get; set; }

    /// <summary>Share of traces kept, 0 to 1. Default 1 (Application Insights also samples on ingestion).</summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double SamplingRatio { get; set; } = 1.0;

    /// <summary>
    /// With Application Insights, keep at most this many traces a second instead of a fixed <see cref="SamplingRatio"/>.
    /// Default none: the ratio applies.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 100000.0)]
    public double? TracesPerSecond { get; set; }
}
