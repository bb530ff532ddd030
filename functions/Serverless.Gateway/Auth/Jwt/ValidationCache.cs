using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Serverless.Gateway.Auth.Jwt;

/// <summary>
/// Remembers validated tokens so a repeated one skips parsing and the signature check. Two generations approximate
/// least-recently-used eviction without per-hit bookkeeping: new entries go into the current generation; when it is
/// full it becomes the previous one and the old previous one is dropped whole; a hit in the previous generation is
/// copied forward. Reads take no lock, and the cache never holds more than about <c>capacity</c> entries.
/// </summary>
internal sealed class ValidationCache
{
    private readonly int _generationSize;
    private readonly Lock _rotation = new();
    private ConcurrentDictionary<TokenDigest, Entry> _current = new();
    private ConcurrentDictionary<TokenDigest, Entry> _previous = new();
    private int _currentCount;

    public ValidationCache(int capacity) => _generationSize = Math.Max(1, capacity / 2);

    public bool TryGet(TokenDigest digest, DateTimeOffset now, [NotNullWhen(true)] out CallerIdentity? identity)
    {
        if (!Volatile.Read(ref _current).TryGetValue(digest, out var entry)
            && Volatile.Read(ref _previous).TryGetValue(digest, out entry) && entry.ValidUntil > now)
        {
            Add(digest, entry);
        }

        // A miss leaves the default entry, whose ValidUntil is long past.
        identity = entry.ValidUntil > now ? entry.Identity : null;
        return identity is not null;
    }

    public void Add(TokenDigest digest, CallerIdentity identity, DateTimeOffset validUntil) => Add(digest, new Entry(identity, validUntil));

    private void Add(TokenDigest digest, Entry entry)
    {
        var current = Volatile.Read(ref _current);
        if (!current.TryAdd(digest, entry))
        {
            // Only an expired entry is replaced: a valid one would have been a hit.
            current[digest] = entry;
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
            Volatile.Write(ref _current, new ConcurrentDictionary<TokenDigest, Entry>());
            Volatile.Write(ref _currentCount, 0);
        }
    }

    private readonly record struct Entry(CallerIdentity Identity, DateTimeOffset ValidUntil);
}
