using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Auth.ApiKeys;

/// <summary>
/// API keys in Table Storage, one entity per key with the key id as PartitionKey, so verification is a point read
/// and keys never contend with each other.
/// </summary>
public sealed class ApiKeyStore(StorageClients storage, IOptions<ApiKeyOptions> options)
{
    private const string RowKey = "key";
    private readonly Lazy<TableClient> _tableClient = new(() => storage.Tables.GetTableClient(options.Value.Table));
    private volatile bool _tableCreated;

    private TableClient Table => _tableClient.Value;

    public async Task<ApiKeyRecord?> GetAsync(string keyId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Table.GetEntityIfExistsAsync<TableEntity>(keyId, RowKey, cancellationToken: cancellationToken);
            return response.HasValue ? ApiKeyEntity.ToRecord(response.Value!) : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        await Table.AddEntityAsync(ApiKeyEntity.FromRecord(record), cancellationToken);
    }

    /// <summary>Replaces the key if nobody changed it since it was read; a concurrent change fails with 412.</summary>
    public async Task UpdateAsync(ApiKeyRecord record, CancellationToken cancellationToken) =>
        await Table.UpdateEntityAsync(ApiKeyEntity.FromRecord(record), new ETag(record.ETag!), TableUpdateMode.Replace, cancellationToken);

    public async IAsyncEnumerable<ApiKeyRecord> ListAsync(string? tenant, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = tenant is null ? null : TableClient.CreateQueryFilter($"Tenant eq {tenant}");
        AsyncPageable<TableEntity> entities;
        try
        {
            entities = Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            yield break;
        }

        await foreach (var entity in entities)
        {
            yield return ApiKeyEntity.ToRecord(entity);
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_tableCreated)
        {
            await Table.CreateIfNotExistsAsync(cancellationToken);
            _tableCreated = true;
        }
    }
}
