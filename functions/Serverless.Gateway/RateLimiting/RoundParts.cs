namespace Serverless.Gateway.RateLimiting;

/// <summary>What both kinds of round do alike: group the counters due by partition, and remove the rows of instances long gone.</summary>
internal static class RoundParts
{
    // Rows of instances gone this long are removed; long enough that no counter still needs their counts.
    public static readonly TimeSpan DeadRowRetention = TimeSpan.FromMinutes(10);
    private const int MaxDeletesPerPartition = 20;

    public static Dictionary<string, PartitionWork>.ValueCollection Partition(List<CounterState> due)
    {
        var partitions = new Dictionary<string, PartitionWork>(StringComparer.Ordinal);
        PartitionWork Work(string partitionKey, CounterState counter) =>
            partitions.TryGetValue(partitionKey, out var work) ? work
                : partitions[partitionKey] = new PartitionWork(partitionKey, counter.Family);

        foreach (var counter in due)
        {
            lock (counter.Gate)
            {
                Work(counter.PartitionKey, counter).Live.Add(counter);
                foreach (var closed in counter.ClosedRows)
                {
                    Work(closed.PartitionKey, counter).Closed.Add((counter, closed));
                }
            }
        }

        return partitions.Values;
    }

    /// <summary>
    /// Builds the counter's row and queues it for writing; a counter that entered a new quota period since it was
    /// collected is written to that period's partition next round. Called with the counter's gate held.
    /// </summary>
    public static void Queue(PartitionWork work, CounterState counter, DateTimeOffset now, RateLimitFleet fleet, List<(CounterState Counter, ShardRow Row)> writes)
    {
        var row = counter.Row(now, fleet);
        if (row.PartitionKey == work.PartitionKey)
        {
            counter.Writing(row);
            writes.Add((counter, row));
        }
    }

    /// <summary>Writes rows in transactions of up to 100 and marks each written on its counter.</summary>
    public static async Task WriteAsync(IRateLimitStore store, string partitionKey, List<(CounterState Counter, ShardRow Row)> writes, CancellationToken cancellationToken)
    {
        foreach (var chunk in writes.Chunk(Storage.PartitionTransaction.MaxActions))
        {
            await store.WriteAsync(partitionKey, [.. chunk.Select(write => write.Row)], cancellationToken);
            foreach (var (counter, row) in chunk)
            {
                lock (counter.Gate)
                {
                    counter.MarkWritten(row);
                }
            }
        }
    }

    /// <summary>Window and presence rows are rewritten in place, but every process has new ids: remove the rows of the long gone.</summary>
    public static async Task RemoveStaleRowsAsync(
        IRateLimitStore store, ILogger logger, string partitionKey, IReadOnlyList<ShardRow> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var row in rows.Where(row => row.LeaseUntil < now - DeadRowRetention).Take(MaxDeletesPerPartition))
        {
            removed += await store.DeleteAsync(row, cancellationToken) ? 1 : 0;
        }

        if (removed > 0)
        {
            logger.RemovedStaleRows(removed, DeadRowRetention, partitionKey);
        }
    }

    public static ShardRow Presence(RateLimitFleet fleet, DateTimeOffset now) =>
        new(CounterKeys.PresencePartition, fleet.InstanceId, 0, 0, 0, 0, 0, 0, 0, now + fleet.PresenceLease);
}
