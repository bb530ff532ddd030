using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Caching;

/// <summary>
/// The in-memory tier of one instance: bounded by <see cref="CachingOptions.MemoryLimitBytes"/>, least recently used
/// entries evicted first, entries dropped once past the time they may be served stale.
/// </summary>
internal sealed class MemoryResponseCache(IOptionsMonitor<CachingOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, CachedResponse Response)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, CachedResponse Response)> _recency = new();
    private long _bytes;

    public CachedResponse? Get(string key, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                return null;
            }

            if (node.Value.Response.KeepUntil < now)
            {
                RemoveNode(node);
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Response;
        }
    }

    public void Set(string key, CachedResponse response)
    {
        var limit = options.CurrentValue.MemoryLimitBytes;
        var size = Size(key, response);
        if (size > limit)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                RemoveNode(existing);
            }

            _entries[key] = _recency.AddFirst((key, response));
            _bytes += size;
            while (_bytes > limit && _recency.Last is { } oldest)
            {
                RemoveNode(oldest);
            }
        }
    }

    private void RemoveNode(LinkedListNode<(string Key, CachedResponse Response)> node)
    {
        _entries.Remove(node.Value.Key);
        _recency.Remove(node);
        _bytes -= Size(node.Value.Key, node.Value.Response);
    }

    // The key holds the path, query and varied header values, which a client chooses: up to tens of kilobytes beside a
    // small body, so it counts against the limit as much as the entry does.
    private static long Size(string key, CachedResponse response) => response.Size + (key.Length * 2L);
}
