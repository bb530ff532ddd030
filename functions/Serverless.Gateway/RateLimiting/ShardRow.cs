namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// One instance's counts for one key in one period (a window or a quota day or month): its shard of the key's total.
/// Each instance writes only its own rows, so no two instances ever update the same entity.
/// </summary>
/// <param name="PartitionKey">The key's partition (see <see cref="CounterKeys"/>).</param>
/// <param name="RowKey"><c>{escaped key}|{instance shard id}</c>.</param>
/// <param name="Period">The window or quota period the counts belong to.</param>
/// <param name="Admitted">Requests the instance admitted in the period.</param>
/// <param name="Reserved">
/// What the instance holds of the period's budget, never less than <paramref name="Admitted"/>: its allowance, or more if it
/// asked for more. Every instance counts it until the period ends, whatever the lease.
/// </param>
/// <param name="NextReserved">
/// What the instance holds of each of the next <see cref="Ahead"/> periods' budgets, counted for those that start before
/// <paramref name="LeaseUntil"/>.
/// </param>
/// <param name="Demand">Requests the instance saw in the period, refused ones included.</param>
/// <param name="Weight">The instance's recent demand in requests per second, by which the remaining budget is shared.</param>
/// <param name="PreviousAdmitted">What the instance admitted in the period before, so a window's burst allowance is known after it closed.</param>
/// <param name="LeaseUntil">
/// Until when the instance counts as using the key (its weight is shared by) and may start the next period with
/// <paramref name="NextReserved"/>; an instance whose lease ended before the next period starts has no claim on it.
/// </param>
public sealed record ShardRow(
    string PartitionKey, string RowKey, long Period, long Admitted, long Reserved, long NextReserved, long Demand, double Weight, long PreviousAdmitted, DateTimeOffset LeaseUntil)
{
    /// <summary>The entity's version when read, so a stale row is deleted only if nobody wrote it since.</summary>
    public string? ETag { get; init; }

    /// <summary>
    /// The version of the row's claims: raised whenever its period, reservations or allowances change. A coordinator's grant
    /// names the version it was computed from, and the owner takes it only while that is still its latest row.
    /// </summary>
    public long Seq { get; init; }

    /// <summary>What the owner held of the period's budget when it wrote the row (granted, or its starting split).</summary>
    public long Allowance { get; init; }

    /// <summary>What the owner held of the next period's budget when it wrote the row.</summary>
    public long NextAllowance { get; init; }

    /// <summary>
    /// How many periods after <see cref="Period"/> <see cref="NextReserved"/> holds for: 1 in peer mode; in coordinator
    /// mode every window that starts within the lease, so a grant lasts until the next one is due even when rounds are
    /// many windows apart. Rows written without it hold for one.
    /// </summary>
    public int Ahead { get; init; } = 1;

    /// <summary>The limit the owner counts against (a tenant's plan can change it); 0 when written by a version without it.</summary>
    public long Limit { get; init; }
}
