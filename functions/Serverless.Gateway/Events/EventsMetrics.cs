using System.Diagnostics.Metrics;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Events;

/// <summary>Event consumption on the gateway's meter: <c>events.consumed</c> tagged by consumer and outcome.</summary>
public sealed class EventsMetrics
{
    public EventsMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Consumed = meterFactory.Create(GatewayMetrics.MeterName).CreateCounter<long>(
            "events.consumed", "{event}", "Events handled by downstream functions, tagged by consumer and outcome (delivered, duplicate, stale, failed, dead_lettered).");
    }

    public Counter<long> Consumed { get; }

    public void Record(string consumer, EventOutcome outcome) =>
        Consumed.Add(1, new KeyValuePair<string, object?>("consumer", consumer), new KeyValuePair<string, object?>("outcome", Tag(outcome)));

    private static string Tag(EventOutcome outcome) => outcome switch
    {
        EventOutcome.Delivered => "delivered",
        EventOutcome.Duplicate => "duplicate",
        EventOutcome.Stale => "stale",
        EventOutcome.Failed => "failed",
        _ => "dead_lettered",
    };
}
