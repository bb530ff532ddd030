namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>The shared record of destination health: a table of the storage account, or a hand-written fake in tests.</summary>
internal interface IFleetHealthStore
{
    /// <summary>Writes (replaces) one instance's rows of one backend, in transactions of at most 100 rows.</summary>
    Task WriteAsync(string backend, IReadOnlyList<ObservationRow> observations, IReadOnlyList<VerdictRow> verdicts, CancellationToken cancellationToken);

    /// <summary>Every prober's verdict on every destination of a backend.</summary>
    Task<IReadOnlyList<VerdictRow>> ReadVerdictsAsync(string backend, CancellationToken cancellationToken);

    /// <summary>Every instance's observations of one destination.</summary>
    Task<IReadOnlyList<ObservationRow>> ReadObservationsAsync(string backend, string destination, CancellationToken cancellationToken);

    Task WritePresenceAsync(PresenceRow row, CancellationToken cancellationToken);

    Task<IReadOnlyList<PresenceRow>> ReadPresenceAsync(CancellationToken cancellationToken);

    /// <summary>Removes a row if it is still there.</summary>
    Task DeleteAsync(FleetRowKey key, CancellationToken cancellationToken);
}
