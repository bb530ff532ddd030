namespace Serverless.Gateway.Telemetry;

/// <summary>Where telemetry goes, bound from the <c>Telemetry</c> section; <see cref="TelemetryOptionsValidator"/> checks the ranges at start-up.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public const double MaxTracesPerSecond = 100_000;

    /// <summary>The cloud role name in Application Insights. Default <c>serverless-gateway</c>; <c>OTEL_SERVICE_NAME</c> overrides it.</summary>
    public string ServiceName { get; set; } = "serverless-gateway";

    /// <summary>
    /// Whether traces and metrics are collected at all. Default: when something exports them (Application Insights,
    /// OTLP or <see cref="Console"/>); with none configured, no instrumentation listens, and requests pay nothing for
    /// telemetry nobody receives. Set it to true for an exporter added in code.
    /// </summary>
    public bool? Collect { get; set; }

    /// <summary>Also write traces and metrics to the console (local debugging). Default false.</summary>
    public bool Console { get; set; }

    /// <summary>
    /// Keep at most this many new traces a second; a trace started upstream keeps its caller's decision. Default 5, the
    /// Azure Monitor distribution's own default, so that what Application Insights ingests (and bills) stays bounded
    /// however busy the gateway is. Ignored when <see cref="SamplingRatio"/> is set. From 0 to <see cref="MaxTracesPerSecond"/>.
    /// </summary>
    public double TracesPerSecond { get; set; } = 5;

    /// <summary>A fixed share of traces to keep, 0 to 1, instead of <see cref="TracesPerSecond"/> (1 keeps every trace). Default none.</summary>
    public double? SamplingRatio { get; set; }
}
