using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>
/// Listens to the gateway's <c>gateway.circuit.transitions</c> counter and keeps the states in order, of every backend
/// or of the one named.
/// </summary>
public sealed class CircuitTransitionRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _states = new();

    public CircuitTransitionRecorder(string? backend = null)
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
            string? state = null;
            var matches = backend is null;
            foreach (var tag in tags)
            {
                if (tag.Key == "state")
                {
                    state = (string)tag.Value!;
                }
                else if (tag.Key == "gateway.backend" && backend is not null)
                {
                    matches = string.Equals((string?)tag.Value, backend, StringComparison.OrdinalIgnoreCase);
                }
            }

            if (state is not null && matches)
            {
                _states.Enqueue(state);
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<string> States => [.. _states];

    public void Dispose() => _listener.Dispose();
}
