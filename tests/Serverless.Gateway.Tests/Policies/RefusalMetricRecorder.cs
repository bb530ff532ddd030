using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Serverless.Gateway.Tests.Policies;

/// <summary>Counts <c>gateway.policy.refusals</c> by route and code, for routes whose ids are unique to the test.</summary>
public sealed class RefusalMetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public RefusalMetricRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Serverless.Gateway" && instrument.Name == "gateway.policy.refusals")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? route = null, code = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "code")
                {
                    code = tag.Value as string;
                }
                else if (tag.Key == "gateway.route")
                {
                    route = tag.Value as string;
                }
            }

            _counts.AddOrUpdate($"{route}|{code}", value, (_, sum) => sum + value);
            _counts.AddOrUpdate($"{route}|", value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    /// <summary>Refusals on <paramref name="route"/>, of one code or of any.</summary>
    public long Count(string route, string? code = null) => _counts.GetValueOrDefault($"{route}|{code}");

    public void Dispose() => _listener.Dispose();
}
