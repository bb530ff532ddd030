using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>Listens to the gateway's <c>gateway.circuit.transitions</c> counter and keeps the states in order.</summary>
public sealed class CircuitTransitionRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _states = new();

    public CircuitTransitionRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Serverless.Gateway" && instrument.Name == "gateway.circuit.transitions")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "state")
                {
                    _states.Enqueue((string)tag.Value!);
                }
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<string> States => [.. _states];

    public void Dispose() => _listener.Dispose();
}
