using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Caching;

/// <summary>
/// The shared tier: entries of routes with <c>Cache:Shared</c> in a table of the gateway's storage account (partition
/// the route, row a hash of the key), so a response one instance stored serves the fleet. Reads happen once per memory
/// miss, writes behind the response; a storage failure costs the entry, never the request.
/// </summary>
internal sealed partial class SharedResponseCache(StorageClients storage, IOptions<CachingOptions> options, TimeProvider time, ILogger<SharedResponseCache> logger)
{
    /// <summary>A binary table property holds at most 64 KiB, so a body is split over several.</summary>
    private const int PartBytes = 64 * 1024;

    /// <summary>
    /// A read is on the request's path. A table answers in milliseconds; one that refuses connections would otherwise
    /// hold every memory miss for the SDK's retries (seconds), one that never answers for its network timeouts (minutes).
    /// </summary>
    private static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(2);

    /// <summary>A write holds its entry until it ends: with storage hanging, writes must not pile up for minutes each.</summary>
    private static readonly TimeSpan WriteBudget = TimeSpan.FromSeconds(10);

    private readonly Lazy<LazyTable> _table = new(() => new LazyTable(storage, options.Value.Table));

    public async ValueTask<CachedResponse?> GetAsync(string routeId, string key, CancellationToken cancellationToken)
    {
        using var budget = new CancellationTokenSource(ReadBudget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            var table = await _table.Value.GetAsync(linked.Token);
            var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition(routeId), Row(key), cancellationToken: linked.Token);
            return found.HasValue && found.Value is { } entity && entity.GetString("Key") == key ? Read(entity) : null;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogReadFailed(logger, routeId, "Timeout");
            return null;
        }
        catch (Exception ex) when (ex is RequestFailedException or InvalidOperationException or JsonException or FormatException or AggregateException)
        {
            LogReadFailed(logger, routeId, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>Writes the entry behind the response: the caller does not wait, and a failure is only logged.</summary>
    public void Store(string routeId, string key, string pathAndQuery, CachedResponse response) => _ = StoreAsync(routeId, key, pathAndQuery, response);

    /// <summary>Removes the route's entries, or those of one path and query (every method, partition and header variant).</summary>
    /// <returns>How many entries were removed.</returns>
    public async Task<int> PurgeAsync(string routeId, string? pathAndQuery, CancellationToken cancellationToken)
    {
        var table = await _table.Value.GetAsync(cancellationToken);
        var filter = pathAndQuery is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition(routeId)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition(routeId)} and PathAndQuery eq {pathAndQuery}");
        var removed = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
            removed++;
        }

        return removed;
    }

    private async Task StoreAsync(string routeId, string key, string pathAndQuery, CachedResponse response)
    {
        try
        {
            var entity = new TableEntity(Partition(routeId), Row(key))
            {
                ["Key"] = key,
                ["PathAndQuery"] = pathAndQuery,
                ["Status"] = response.Status,
                ["Headers"] = JsonSerializer.Serialize(response.Headers.ToDictionary(static h => h.Key, static h => h.Value)),
                ["StoredAt"] = response.StoredAt,
                ["FreshUntil"] = response.FreshUntil,
                ["KeepUntil"] = response.KeepUntil,
                ["BodyParts"] = (response.Body.Length + PartBytes - 1) / PartBytes,
            };
            for (var part = 0; part * PartBytes < response.Body.Length; part++)
            {
                entity[$"Body{part}"] = response.Body.AsSpan(part * PartBytes, Math.Min(PartBytes, response.Body.Length - (part * PartBytes))).ToArray();
            }

            // Behind the response, so not the request's token: the client leaving must not cancel the write.
            using var budget = new CancellationTokenSource(WriteBudget, time);
            var table = await _table.Value.GetAsync(budget.Token);
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, budget.Token);
        }
        catch (OperationCanceledException)
        {
            LogWriteFailed(logger, routeId, "Timeout");
        }
        catch (Exception ex) when (ex is RequestFailedException or InvalidOperationException or AggregateException)
        {
            LogWriteFailed(logger, routeId, ex.GetType().Name);
        }
    }

    private static CachedResponse Read(TableEntity entity)
    {
        var parts = entity.GetInt32("BodyParts") ?? 0;
        var body = new List<byte>();
        for (var part = 0; part < parts; part++)
        {
            body.AddRange(entity.GetBinary($"Body{part}") ?? []);
        }

        var headers = JsonSerializer.Deserialize<Dictionary<string, string[]>>(entity.GetString("Headers") ?? "{}") ?? [];
        return new CachedResponse(
            entity.GetInt32("Status") ?? throw new FormatException("An entry without a status."),
            [.. headers],
            [.. body],
            entity.GetDateTimeOffset("StoredAt") ?? default,
            entity.GetDateTimeOffset("FreshUntil") ?? default,
            entity.GetDateTimeOffset("KeepUntil") ?? default);
    }

    /// <summary>Route ids may hold characters a partition key may not (<c>/</c>, <c>#</c>, <c>?</c>, <c>\</c>).</summary>
    private static string Partition(string routeId) => Uri.EscapeDataString(routeId);

    private static string Row(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    [LoggerMessage(EventId = 6000, Level = LogLevel.Warning, Message = "Reading the shared response cache for route {Route} failed ({ExceptionType}); answered from the backend")]
    private static partial void LogReadFailed(ILogger logger, string route, string exceptionType);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Writing to the shared response cache for route {Route} failed ({ExceptionType}); the entry stays in this instance's memory only")]
    private static partial void LogWriteFailed(ILogger logger, string route, string exceptionType);
}
