using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Serverless.Gateway.Auth;

/// <summary>
/// A bounded cache of values that each expire at their own time: validated bearer tokens, signed identity assertions.
/// Two generations approximate least-recently-used eviction without per-hit bookkeeping: new entries go into the
/// current generation; when it is full it becomes the previous one and the old previous one is dropped whole; a hit in
/// the previous generation is copied forward. Reads take no lock, and the cache never holds more than about
/// <c>capacity</c> entries.
/// </summary>
internal sealed class ExpiringCache<TKey, TValue>
    where TKey : notnull
{
    private readonly int _generationSize;
    private readonly Lock _rotation = new();
    private ConcurrentDictionary<TKey, Entry> _current = new();
    private ConcurrentDictionary<TKey, Entry> _previous = new();
    private int _currentCount;

    public ExpiringCache(int capacity) => _generationSize = Math.Max(1, capacity / 2);

    /// <summary>Entries held, expired ones included; takes every lock, so for tests and diagnostics only.</summary>
    public int Count => Volatile.Read(ref _current).Count + Volatile.Read(ref _previous).Count;

    public bool TryGet(TKey key, DateTimeOffset now, [MaybeNullWhen(false)] out TValue value)
    {
        if (!Volatile.Read(ref _current).TryGetValue(key, out var entry)
            && Volatile.Read(ref _previous).TryGetValue(key, out entry) && entry.ValidUntil > now)
        {
            Add(key, entry);
        }

        // A miss leaves the default entry, whose ValidUntil is long past.
        var hit = entry.ValidUntil > now;
        value = hit ? entry.Value : default;
        return hit;
    }

    public void Add(TKey key, TValue value, DateTimeOffset validUntil) => Add(key, new Entry(value, validUntil));

    private void Add(TKey key, Entry entry)
    {
        var current = Volatile.Read(ref _current);
        if (!current.TryAdd(key, entry))
        {
            // Only an expired entry is replaced: a valid one would have been a hit.
            current[key] = entry;
        }
        else if (Interlocked.Increment(ref _currentCount) >= _generationSize)
        {
            Rotate();
        }
    }

    private void Rotate()
    {
        lock (_rotation)
        {
            if (Volatile.Read(ref _currentCount) < _generationSize)
            {
                return;
            }

            Volatile.Write(ref _previous, _current);
            Volatile.Write(ref _current, new ConcurrentDictionary<TKey, Entry>());
            Volatile.Write(ref _currentCount, 0);
        }
    }

    private readonly record struct Entry(TValue Value, DateTimeOffset ValidUntil);
}
