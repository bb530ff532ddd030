using Azure.Data.Tables;

namespace Serverless.Gateway.Storage;

/// <summary>
/// A table of the app's storage account, its client made on first use (so a gateway without storage still starts) and
/// the table created once per process, as the Functions host does for binding tables.
/// </summary>
public sealed class LazyTable(StorageClients storage, string name)
{
    private readonly Lazy<TableClient> _client = new(() => storage.Tables.GetTableClient(name));
    private volatile bool _created;

    public async ValueTask<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await _client.Value.CreateIfNotExistsAsync(cancellationToken);
            _created = true;
        }

        return _client.Value;
    }
}
