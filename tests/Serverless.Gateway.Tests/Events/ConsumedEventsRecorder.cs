using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Gateway.Tests.Events;

/// <summary>
/// Counts <c>events.consumed</c> by consumer and outcome, from one gateway's meters only (its <see cref="IMeterFactory"/>
/// is the meter's scope), so gateways of other tests running at the same time do not add to the counts.
/// </summary>
internal sealed class ConsumedEventsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Consumer, string Outcome), long> _counts = new();

    public ConsumedEventsRecorder(IServiceProvider gateway)
    {
        var factory = gateway.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "events.consumed" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? consumer = null, outcome = null;
            foreach (var tag in tags)
            {
                consumer = tag.Key == "consumer" ? tag.Value as string : consumer;
                outcome = tag.Key == "outcome" ? tag.Value as string : outcome;
            }

            _counts.AddOrUpdate((consumer ?? "", outcome ?? ""), value, (_, total) => total + value);
        });
        _listener.Start();
    }

    public long Count(string consumer, string outcome) => _counts.TryGetValue((consumer, outcome), out var count) ? count : 0;

    public void Dispose() => _listener.Dispose();
}
