using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Orders;

/// <summary>
/// The safety net under the messages: finds sagas that should be moving but have not changed for
/// <see cref="OrdersOptions.StuckAfter"/> (their wake-up went to the poison queue after storage failed five times in a
/// row, say) and gives them a new driver. Taking over is safe even if the old driver is alive after all: both race on
/// If-Match and the loser stops.
/// </summary>
public sealed class OrderSagaSweeper(StorageClients storage, OrderSagaStore store, IOptionsMonitor<OrdersOptions> options, TimeProvider time, ILogger<OrderSagaSweeper> logger)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stuckBefore = now - options.CurrentValue.StuckAfter;
        var table = storage.Tables.GetTableClient(OrderSagaStore.TableName);
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {OrderSagaStore.SagaRowKey} and UpdatedAt lt {stuckBefore} and Status ne {nameof(OrderStatus.Completed)} and Status ne {nameof(OrderStatus.Cancelled)} and Status ne {nameof(OrderStatus.NeedsAttention)}");
        var resumed = 0;
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "NextAttemptAt"], cancellationToken: cancellationToken))
            {
                // A retry that is merely waiting for its delayed message is not stuck.
                if (row.GetDateTimeOffset("NextAttemptAt") is { } next && next > stuckBefore)
                {
                    continue;
                }

                resumed += await ResumeAsync(row.PartitionKey, stuckBefore, cancellationToken) ? 1 : 0;
            }
        }
        catch (RequestFailedException exception) when (exception.Status == StatusCodes.Status404NotFound)
        {
            // No order was ever placed, so there is no table yet.
        }

        return resumed;
    }

    private async Task<bool> ResumeAsync(string orderId, DateTimeOffset stuckBefore, CancellationToken cancellationToken)
    {
        var stored = await store.LoadAsync(orderId, cancellationToken);
        if (stored is null || stored.State.IsParked || stored.State.UpdatedAt >= stuckBefore)
        {
            return false;
        }

        if (!await store.WakeAsync(stored, time.GetUtcNow(), cancellationToken))
        {
            return false;
        }

        logger.SagaResumed(orderId, stored.State.Status);
        return true;
    }
}
