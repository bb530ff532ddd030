using System.Diagnostics.Metrics;

namespace Serverless.Gateway.Tests.Forwarding.Canary;

/// <summary>Counts <c>gateway.canary.rollbacks</c> of one backend and group in this process.</summary>
public sealed class RollbackMetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public RollbackMetricRecorder(string backend, string group)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Serverless.Gateway" && instrument.Name == "gateway.canary.rollbacks")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? taggedBackend = null, taggedGroup = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "gateway.backend")
                {
                    taggedBackend = tag.Value as string;
                }
                else if (tag.Key == "gateway.group")
                {
                    taggedGroup = tag.Value as string;
                }
            }

            if (taggedBackend == backend && taggedGroup == group)
            {
                Interlocked.Add(ref _count, value);
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
