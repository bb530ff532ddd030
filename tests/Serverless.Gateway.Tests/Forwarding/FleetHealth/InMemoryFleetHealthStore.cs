using System.Collections.Concurrent;
using Azure;
using Serverless.Gateway.Forwarding.FleetHealth;

namespace Serverless.Gateway.Tests.Forwarding.FleetHealth;

/// <summary>The shared table as a dictionary, with a switch that makes every call fail as an unreachable account does.</summary>
internal sealed class InMemoryFleetHealthStore : IFleetHealthStore
{
    private readonly ConcurrentDictionary<FleetRowKey, object> _rows = new();

    public bool Failing { get; set; }

    public int Writes { get; private set; }

    public IReadOnlyCollection<FleetRowKey> Keys => [.. _rows.Keys];

    public Task WriteAsync(string backend, IReadOnlyList<ObservationRow> observations, IReadOnlyList<VerdictRow> verdicts, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Writes++;
        foreach (var row in observations)
        {
            _rows[row.Key] = row;
        }

        foreach (var row in verdicts)
        {
            _rows[row.Key] = row;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VerdictRow>> ReadVerdictsAsync(string backend, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return Task.FromResult<IReadOnlyList<VerdictRow>>([.. _rows.Values.OfType<VerdictRow>().Where(row => row.Backend == backend)]);
    }

    public Task<IReadOnlyList<ObservationRow>> ReadObservationsAsync(string backend, string destination, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return Task.FromResult<IReadOnlyList<ObservationRow>>(
            [.. _rows.Values.OfType<ObservationRow>().Where(row => row.Backend == backend && row.Destination == destination)]);
    }

    public Task WritePresenceAsync(PresenceRow row, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        _rows[row.Key] = row;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PresenceRow>> ReadPresenceAsync(CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return Task.FromResult<IReadOnlyList<PresenceRow>>([.. _rows.Values.OfType<PresenceRow>()]);
    }

    public Task DeleteAsync(FleetRowKey key, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        _rows.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    private void ThrowIfFailing()
    {
        if (Failing)
        {
            throw new RequestFailedException(503, "The storage account is unavailable (test).");
        }
    }
}
