using Azure;
using Azure.Data.Tables;

namespace Serverless.Orders.Api;

/// <summary>
/// Which request first used an <c>Idempotency-Key</c>: one Table Storage row per order id, inserted before the saga
/// starts. The insert is atomic, so of concurrent requests with one key exactly one is first, in every process; the
/// others are replays (or, with another body, a reused key). It records the request, not the order: the order's state
/// lives only in its orchestration.
/// </summary>
public sealed class IdempotencyLedger(TableServiceClient tables)
{
    public const string TableName = "OrderRequests";
    private const string RowKey = "request";

    private readonly TableClient _table = tables.GetTableClient(TableName);
    private volatile bool _created;

    /// <summary>Null when this request is the first with its key; otherwise the hash of the request that was.</summary>
    public async Task<string?> ClaimAsync(string orderId, string tenant, string requestHash, CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken);
            _created = true;
        }

        try
        {
            await _table.AddEntityAsync(new TableEntity(orderId, RowKey) { ["Tenant"] = tenant, ["RequestHash"] = requestHash }, cancellationToken);
            return null;
        }
        catch (RequestFailedException exception) when (exception.Status == StatusCodes.Status409Conflict)
        {
            var first = await _table.GetEntityAsync<TableEntity>(orderId, RowKey, ["RequestHash"], cancellationToken);
            return first.Value.GetString("RequestHash") ?? string.Empty;
        }
    }
}
