using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Serverless.Gateway.Tests.Forwarding.Mirroring;

/// <summary>Counts the <c>gateway.mirror.*</c> measurements by instrument, route and tag, for routes whose ids are unique to the test.</summary>
public sealed class MirrorMetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public MirrorMetricRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Serverless.Gateway" && instrument.Name.StartsWith("gateway.mirror.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Add(instrument.Name, 1, tags));
        _listener.Start();
    }

    /// <summary>Requests of <paramref name="route"/> with this <c>outcome</c>.</summary>
    public long Outcome(string route, string outcome) => Count("gateway.mirror.requests", route, outcome);

    /// <summary>
    /// Measurements of <paramref name="instrument"/> on <paramref name="route"/> carrying <paramref name="tagValue"/>
    /// (an outcome or status class; for mismatches "primary>shadow"), or of any value when it is null.
    /// </summary>
    public long Count(string instrument, string route, string? tagValue = null) => _counts.GetValueOrDefault($"{instrument}|{route}|{tagValue}");

    public void Dispose() => _listener.Dispose();

    private void Add(string instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? route = null, outcome = null, status = null, primary = null, shadow = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "gateway.route": route = tag.Value as string; break;
                case "outcome": outcome = tag.Value as string; break;
                case "status_class": status = tag.Value as string; break;
                case "primary_status_class": primary = tag.Value as string; break;
                case "shadow_status_class": shadow = tag.Value as string; break;
            }
        }

        // The total first: a test that waits for a tagged count and then reads the total must find every measurement it
        // waited for in it, whichever thread recorded them.
        var value2 = outcome ?? status ?? (primary is null ? null : $"{primary}>{shadow}");
        _counts.AddOrUpdate($"{instrument}|{route}|", value, (_, sum) => sum + value);
        _counts.AddOrUpdate($"{instrument}|{route}|{value2}", value, (_, sum) => sum + value);
    }
}
