using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Events.Notifications;
using Serverless.Gateway.Telemetry;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Events;

/// <summary>Counts <c>events.consumed</c> of the notifications consumer by outcome, for one gateway (its meter factory) only.</summary>
public sealed class NotificationOutcomeRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public NotificationOutcomeRecorder(GatewayTestServer gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var meters = gateway.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == "events.consumed" && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? consumer = null;
            string? outcome = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "consumer":
                        consumer = tag.Value as string;
                        break;
                    case "outcome":
                        outcome = tag.Value as string;
                        break;
                }
            }

            if (consumer == OrderNotifications.Subscription && outcome is not null)
            {
                _counts.AddOrUpdate(outcome, value, (_, count) => count + value);
            }
        });
        _listener.Start();
    }

    /// <summary>How many events ended with the outcome tag, e.g. <c>dead_lettered</c>.</summary>
    public long Count(string outcome) => _counts.TryGetValue(outcome, out var count) ? count : 0;

    public void Dispose() => _listener.Dispose();
}
