using Azure;
using Azure.Data.Tables;

namespace Serverless.Gateway.Storage;

/// <summary>
/// Submits an entity group transaction after checking what Azure enforces and Azurite does not: one PartitionKey and
/// at most 100 operations. Without the check a batch that spans two partitions passes every local test and fails in
/// production.
/// </summary>
public static class PartitionTransaction
{
    public const int MaxActions = 100;

    public static async Task<Response<IReadOnlyList<Response>>> SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"An entity group transaction holds 1 to {MaxActions} operations, not {actions.Count}.", nameof(actions));
        }

        var partition = actions[0].Entity.PartitionKey;
        foreach (var action in actions)
        {
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"An entity group transaction must stay in one partition; '{partition}' and '{action.Entity.PartitionKey}' differ.", nameof(actions));
            }
        }

        return await table.SubmitTransactionAsync(actions, cancellationToken);
    }
}
