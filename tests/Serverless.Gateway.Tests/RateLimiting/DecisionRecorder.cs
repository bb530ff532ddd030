using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>Listens to the rate limiter's counters on the gateway meter and sums them by instrument and tag values.</summary>
public sealed class DecisionRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _sums = new(StringComparer.Ordinal);

    public DecisionRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Serverless.Gateway" && instrument.Name.StartsWith("gateway.ratelimit.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            foreach (var tag in tags)
            {
                _sums.AddOrUpdate($"{instrument.Name}|{tag.Key}={tag.Value}", value, (_, sum) => sum + value);
            }
        });
        _listener.Start();
    }

    /// <summary>The sum of an instrument, or of its measurements with one tag value: <c>Sum("gateway.ratelimit.decisions", "gateway.ratelimit.mode", "local")</c>.</summary>
    public long Sum(string instrument, string? tag = null, string? value = null) =>
        _sums.GetValueOrDefault(tag is null ? instrument : $"{instrument}|{tag}={value}");

    public void Dispose() => _listener.Dispose();
}
