namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>A snapshot of how many Table requests of each kind the forwarder has passed on.</summary>
public sealed class StorageOperationCounts(IReadOnlyDictionary<StorageOperation, long> counts)
{
    public IReadOnlyDictionary<StorageOperation, long> Counts { get; } = counts;

    public long Total => Counts.Values.Sum();

    public long Count(Func<StorageOperation, bool> predicate) => Counts.Where(entry => predicate(entry.Key)).Sum(static entry => entry.Value);

    /// <summary>The requests made after <paramref name="earlier"/> was taken.</summary>
    public StorageOperationCounts Since(StorageOperationCounts earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new StorageOperationCounts(Counts
            .Select(entry => KeyValuePair.Create(entry.Key, entry.Value - earlier.Counts.GetValueOrDefault(entry.Key)))
            .Where(static entry => entry.Value > 0)
            .ToDictionary());
    }
}
