using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Revisions;

/// <summary>
/// Revisions in one table partition: a row per revision (row key its number, zero-padded so rows sort by it) and the live
/// pointer (row key <c>live</c>). A publish writes the new revision and moves the pointer in one entity group
/// transaction, conditional on the pointer's ETag: of two publishers that read the same pointer exactly one succeeds,
/// and the other writes nothing at all.
/// </summary>
public sealed class RevisionStore(StorageClients storage, IOptions<RevisionOptions> options)
{
    public const string Partition = "revisions";
    public const string PointerRow = "live";
    private const int ChunkLength = 32_000;
    private static readonly string[] PointerColumns = ["Revision"];
    private static readonly string[] SummaryColumns = ["RowKey", "PublishedBy", "PublishedAt", "Message", "RollbackOf"];

    private readonly LazyTable _table = new(storage, options.Value.Table);
    private readonly string _tableName = options.Value.Table;

    public async Task<LivePointer?> GetLiveAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        return ReadPointer(await table.GetEntityIfExistsAsync<TableEntity>(Partition, PointerRow, PointerColumns, cancellationToken));
    }

    /// <summary>
    /// The live revision read at once, before the app is built, so that everything reads its configuration with it
    /// from the start: with <paramref name="tables"/> that try once, and without creating the table.
    /// </summary>
    internal static (LivePointer? Pointer, ConfigurationRevision? Revision) ReadLiveNow(TableServiceClient tables, string tableName)
    {
        var table = tables.GetTableClient(tableName);
        try
        {
            var pointer = ReadPointer(table.GetEntityIfExists<TableEntity>(Partition, PointerRow, PointerColumns));
            if (pointer is null)
            {
                return (null, null);
            }

            var row = table.GetEntityIfExists<TableEntity>(Partition, RowKey(pointer.Revision));
            return (pointer, row is { HasValue: true, Value: { } entity } ? Read(entity, withText: true) : null);
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            // No table yet: nothing was ever published.
            return (null, null);
        }
    }

    /// <summary>The live revision with its document, or null when none is; for readers, so it never creates the table.</summary>
    public async Task<ConfigurationRevision?> FindLiveAsync(CancellationToken cancellationToken)
    {
        var table = storage.Tables.GetTableClient(_tableName);
        try
        {
            if (ReadPointer(await table.GetEntityIfExistsAsync<TableEntity>(Partition, PointerRow, PointerColumns, cancellationToken)) is not { } pointer)
            {
                return null;
            }

            var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(pointer.Revision), cancellationToken: cancellationToken);
            return row is { HasValue: true, Value: { } entity } ? Read(entity, withText: true) : null;
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }

    public async Task<ConfigurationRevision?> GetAsync(long number, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(number), cancellationToken: cancellationToken);
        return row is { HasValue: true, Value: { } entity } ? Read(entity, withText: true) : null;
    }

    /// <summary>Every revision without its document, newest first.</summary>
    public async IAsyncEnumerable<ConfigurationRevision> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var rows = new List<ConfigurationRevision>();
        await foreach (var entity in table.QueryAsync<TableEntity>(
            $"PartitionKey eq '{Partition}' and RowKey ne '{PointerRow}'", select: SummaryColumns, cancellationToken: cancellationToken))
        {
            rows.Add(Read(entity, withText: false));
        }

        foreach (var row in rows.OrderByDescending(static row => row.Number))
        {
            yield return row;
        }
    }

    /// <summary>
    /// Writes <paramref name="revision"/> as the revision after <paramref name="expected"/> and makes it live, or throws
    /// <see cref="RevisionConflictException"/> when the pointer is no longer <paramref name="expected"/>.
    /// </summary>
    public async Task<long> PublishAsync(ConfigurationRevision revision, LivePointer? expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var number = (expected?.Revision ?? 0) + 1;
        var row = new TableEntity(Partition, RowKey(number))
        {
            ["PublishedBy"] = revision.PublishedBy,
            ["PublishedAt"] = revision.PublishedAt,
        };
        if (revision.Message is not null)
        {
            row["Message"] = revision.Message;
        }

        if (revision.RollbackOf is { } rollbackOf)
        {
            row["RollbackOf"] = rollbackOf;
        }

        var text = revision.Text ?? throw new ArgumentException("A revision to publish needs its document.", nameof(revision));
        var chunks = (text.Length + ChunkLength - 1) / ChunkLength;
        row["Chunks"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            row[ChunkName(i)] = text.Substring(i * ChunkLength, Math.Min(ChunkLength, text.Length - (i * ChunkLength)));
        }

        var pointer = new TableEntity(Partition, PointerRow) { ["Revision"] = number, ["MovedAt"] = revision.PublishedAt };
        TableTransactionAction move = expected is null
            ? new(TableTransactionActionType.Add, pointer)
            : new(TableTransactionActionType.UpdateReplace, pointer, expected.ETag);
        var table = await _table.GetAsync(cancellationToken);
        try
        {
            await PartitionTransaction.SubmitAsync(table, [new TableTransactionAction(TableTransactionActionType.Add, row), move], cancellationToken);
        }
        catch (TableTransactionFailedException conflict) when (conflict.Status is 409 or 412)
        {
            throw new RevisionConflictException(
                $"revision {number} was published by someone else meanwhile; nothing was written. See 'config list', then run the command again.", conflict);
        }

        return number;
    }

    private static LivePointer? ReadPointer(NullableResponse<TableEntity> pointer) =>
        pointer is { HasValue: true, Value: { } entity } && entity.GetInt64("Revision") is { } revision ? new LivePointer(revision, entity.ETag) : null;

    private static ConfigurationRevision Read(TableEntity entity, bool withText)
    {
        string? text = null;
        if (withText)
        {
            var chunks = entity.GetInt32("Chunks") ?? 0;
            text = string.Concat(Enumerable.Range(0, chunks).Select(i => entity.GetString(ChunkName(i))));
        }

        return new ConfigurationRevision(
            long.Parse(entity.RowKey, CultureInfo.InvariantCulture),
            entity.GetString("PublishedBy") ?? "unknown",
            entity.GetDateTimeOffset("PublishedAt") ?? DateTimeOffset.MinValue,
            entity.GetString("Message"),
            entity.GetInt64("RollbackOf"),
            text);
    }

    private static string RowKey(long number) => number.ToString("D10", CultureInfo.InvariantCulture);

    private static string ChunkName(int index) => "Document" + index.ToString("D2", CultureInfo.InvariantCulture);
}
