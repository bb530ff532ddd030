using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary><see cref="IFleetHealthStore"/> on Azure Table Storage (the <c>AzureWebJobsStorage</c> account), the table created on first use.</summary>
internal sealed class TableFleetHealthStore(StorageClients storage, IOptions<FleetHealthOptions> options) : IFleetHealthStore
{
    private readonly LazyTable _table = new(storage, options.Value.Table);

    public async Task WriteAsync(string backend, IReadOnlyList<ObservationRow> observations, IReadOnlyList<VerdictRow> verdicts, CancellationToken cancellationToken)
    {
        var entities = observations.Select(ToEntity).Concat(verdicts.Select(ToEntity)).ToList();
        if (entities.Count == 0)
        {
            return;
        }

        var table = await _table.GetAsync(cancellationToken);
        foreach (var chunk in entities.Chunk(PartitionTransaction.MaxActions))
        {
            await PartitionTransaction.SubmitAsync(
                table, [.. chunk.Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity))], cancellationToken);
        }
    }

    public async Task<IReadOnlyList<VerdictRow>> ReadVerdictsAsync(string backend, CancellationToken cancellationToken)
    {
        var (from, to) = FleetHealthKeys.VerdictRange();
        var entities = await QueryAsync(FleetHealthKeys.Partition(backend), from, to, cancellationToken);
        return [.. entities.Select(entity => ToVerdict(backend, entity))];
    }

    public async Task<IReadOnlyList<ObservationRow>> ReadObservationsAsync(string backend, string destination, CancellationToken cancellationToken)
    {
        var (from, to) = FleetHealthKeys.ObservationRange(destination);
        var entities = await QueryAsync(FleetHealthKeys.Partition(backend), from, to, cancellationToken);
        return [.. entities.Select(entity => ToObservation(backend, destination, entity))];
    }

    public async Task WritePresenceAsync(PresenceRow row, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var key = row.Key;
        await table.UpsertEntityAsync(new TableEntity(key.Partition, key.Row) { ["Instance"] = row.Instance, ["LeaseUntil"] = row.LeaseUntil }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<PresenceRow>> ReadPresenceAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var rows = new List<PresenceRow>();
        await foreach (var entity in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {FleetHealthKeys.PresencePartition}"), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            rows.Add(new PresenceRow(entity.GetString("Instance") ?? entity.RowKey, entity.GetDateTimeOffset("LeaseUntil") ?? DateTimeOffset.MinValue));
        }

        return rows;
    }

    public async Task DeleteAsync(FleetRowKey key, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(key.Partition, key.Row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Another prober removed it first.
        }
    }

    private async Task<List<TableEntity>> QueryAsync(string partition, string from, string to, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entities = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}"), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            entities.Add(entity);
        }

        return entities;
    }

    private static TableEntity ToEntity(ObservationRow row)
    {
        var key = row.Key;
        return new TableEntity(key.Partition, key.Row)
        {
            ["Instance"] = row.Instance,
            ["BucketMilliseconds"] = row.BucketMilliseconds,
            ["Epoch"] = row.Epoch,
            ["Successes"] = Join(row.Successes),
            ["Failures"] = Join(row.Failures),
            ["LeaseUntil"] = row.LeaseUntil,
        };
    }

    private static TableEntity ToEntity(VerdictRow row)
    {
        var key = row.Key;
        var verdict = row.Verdict;
        return new TableEntity(key.Partition, key.Row)
        {
            ["Destination"] = row.Destination,
            ["InRotation"] = verdict.InRotation,
            ["Source"] = verdict.Source,
            ["Since"] = verdict.Since,
            ["JudgedFrom"] = verdict.JudgedFrom,
            ["Requests"] = verdict.Requests,
            ["Failures"] = verdict.Failures,
            ["Reporters"] = verdict.Reporters,
            ["Probe"] = verdict.Probe.ToString(),
            ["ProbedAt"] = verdict.ProbedAt,
            ["JudgedBy"] = verdict.JudgedBy,
            ["JudgedAt"] = verdict.JudgedAt,
            ["LeaseUntil"] = row.LeaseUntil,
        };
    }

    private static VerdictRow ToVerdict(string backend, TableEntity entity) => new(
        backend,
        entity.GetString("Destination") ?? string.Empty,
        new FleetVerdict(
            entity.GetBoolean("InRotation") ?? true,
            entity.GetString("Source") ?? VerdictSource.None,
            entity.GetDateTimeOffset("Since") ?? DateTimeOffset.MinValue,
            entity.GetDateTimeOffset("JudgedFrom") ?? DateTimeOffset.MinValue,
            entity.GetInt64("Requests") ?? 0,
            entity.GetInt64("Failures") ?? 0,
            entity.GetInt32("Reporters") ?? 0,
            Enum.TryParse<ProbeStatus>(entity.GetString("Probe"), out var probe) ? probe : ProbeStatus.Unknown,
            entity.GetDateTimeOffset("ProbedAt"),
            entity.GetString("JudgedBy") ?? string.Empty,
            entity.GetDateTimeOffset("JudgedAt") ?? DateTimeOffset.MinValue),
        entity.GetDateTimeOffset("LeaseUntil") ?? DateTimeOffset.MinValue);

    private static ObservationRow ToObservation(string backend, string destination, TableEntity entity) => new(
        backend,
        destination,
        entity.GetString("Instance") ?? string.Empty,
        entity.GetInt64("BucketMilliseconds") ?? 1000,
        entity.GetInt64("Epoch") ?? 0,
        Split(entity.GetString("Successes")),
        Split(entity.GetString("Failures")),
        entity.GetDateTimeOffset("LeaseUntil") ?? DateTimeOffset.MinValue);

    private static string Join(long[] counts) => string.Join(',', counts.Select(static c => c.ToString(CultureInfo.InvariantCulture)));

    private static long[] Split(string? counts) => string.IsNullOrEmpty(counts)
        ? []
        : [.. counts.Split(',').Select(static c => long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)];
}
