using System.Diagnostics.Metrics;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>The shared destination health's instruments, on the gateway's meter.</summary>
internal sealed class FleetHealthMetrics
{
    public const string SourceTag = "gateway.fleet_health.source";

    private readonly Counter<long> _transitions;

    public FleetHealthMetrics(IMeterFactory meterFactory, FleetVerdicts verdicts)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        meter.CreateObservableGauge(
            "gateway.destination.fleet_health",
            () => verdicts.All.Select(static v => new Measurement<int>(
                v.Verdict.InRotation ? 1 : 0,
                new KeyValuePair<string, object?>(GatewayTelemetry.BackendTag, v.Backend),
                new KeyValuePair<string, object?>(GatewayTelemetry.DestinationTag, v.Destination),
                new KeyValuePair<string, object?>(SourceTag, v.Verdict.Source))),
            "{destination}",
            "The fleet's verdict per destination as this instance applies it: 1 in rotation, 0 taken out; tagged by what it rests on (observations, probe, none).");
        _transitions = meter.CreateCounter<long>(
            "gateway.destination.fleet_transitions", "{transition}",
            "Destinations the fleet took out of rotation (state out) or restored (state in) on this instance, tagged by backend, destination and source.");
    }

    public void Transitioned(string backend, string destination, bool inRotation, string source) =>
        _transitions.Add(
            1,
            new KeyValuePair<string, object?>(GatewayTelemetry.BackendTag, backend),
            new KeyValuePair<string, object?>(GatewayTelemetry.DestinationTag, destination),
            new KeyValuePair<string, object?>("state", inRotation ? "in" : "out"),
            new KeyValuePair<string, object?>(SourceTag, source));
}
