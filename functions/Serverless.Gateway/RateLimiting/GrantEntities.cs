using Azure.Data.Tables;

namespace Serverless.Gateway.RateLimiting;

/// <summary>How grants and coordinator leases are stored as Table entities.</summary>
internal static class GrantEntities
{
    public static TableEntity FromGrant(GrantRow grant) => new(grant.PartitionKey, grant.RowKey)
    {
        [nameof(GrantRow.SeenSeq)] = grant.SeenSeq,
        [nameof(GrantRow.Period)] = grant.Period,
        [nameof(GrantRow.Grant)] = grant.Grant,
        [nameof(GrantRow.NextGrant)] = grant.NextGrant,
        [nameof(GrantRow.Budget)] = grant.Budget,
        [nameof(GrantRow.PreviousBudget)] = grant.PreviousBudget,
        [nameof(GrantRow.OthersAdmitted)] = grant.OthersAdmitted,
        [nameof(GrantRow.OthersClaims)] = grant.OthersClaims,
        [nameof(GrantRow.OthersNextClaims)] = grant.OthersNextClaims,
        [nameof(GrantRow.OthersWeight)] = grant.OthersWeight,
        [nameof(GrantRow.OthersLive)] = grant.OthersLive,
        [nameof(GrantRow.Interval)] = (long)grant.Interval.TotalMilliseconds,
        [nameof(GrantRow.CoordinatedUntil)] = grant.CoordinatedUntil,
        [nameof(GrantRow.NextUntil)] = grant.NextUntil,
    };

    public static GrantRow ToGrant(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RowKey,
        entity.GetInt64(nameof(GrantRow.SeenSeq)) ?? -1,
        entity.GetInt64(nameof(GrantRow.Period)) ?? 0,
        entity.GetInt64(nameof(GrantRow.Grant)) ?? 0,
        entity.GetInt64(nameof(GrantRow.NextGrant)) ?? 0,
        entity.GetInt64(nameof(GrantRow.Budget)) ?? 0,
        entity.GetInt64(nameof(GrantRow.PreviousBudget)) ?? 0,
        entity.GetInt64(nameof(GrantRow.OthersAdmitted)) ?? 0,
        entity.GetInt64(nameof(GrantRow.OthersClaims)) ?? 0,
        entity.GetInt64(nameof(GrantRow.OthersNextClaims)) ?? 0,
        entity.GetDouble(nameof(GrantRow.OthersWeight)) ?? 0,
        entity.GetInt32(nameof(GrantRow.OthersLive)) ?? 0,
        TimeSpan.FromMilliseconds(entity.GetInt64(nameof(GrantRow.Interval)) ?? 0),
        entity.GetDateTimeOffset(nameof(GrantRow.CoordinatedUntil)) ?? DateTimeOffset.MinValue,
        entity.GetInt64(nameof(GrantRow.NextUntil)) ?? ((entity.GetInt64(nameof(GrantRow.Period)) ?? 0) + 1));

    public static TableEntity FromLease(CoordinatorLease lease) => new(lease.PartitionKey, CoordinatorLease.RowKey)
    {
        [nameof(CoordinatorLease.Holder)] = lease.Holder,
        [nameof(CoordinatorLease.LeaseUntil)] = lease.LeaseUntil,
        [nameof(CoordinatorLease.Instances)] = lease.Instances,
    };

    public static CoordinatorLease ToLease(TableEntity entity) => new(
        entity.PartitionKey,
        entity.GetString(nameof(CoordinatorLease.Holder)) ?? string.Empty,
        entity.GetDateTimeOffset(nameof(CoordinatorLease.LeaseUntil)) ?? DateTimeOffset.MinValue,
        entity.GetInt32(nameof(CoordinatorLease.Instances)) ?? 0)
    {
        ETag = entity.ETag.ToString(),
    };
}
