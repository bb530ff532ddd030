using Microsoft.Extensions.Options;
using Serverless.Gateway.Caching;

namespace Serverless.Gateway.Tests.Caching;

/// <summary>The in-memory tier stays within <c>Caching:MemoryLimitBytes</c>, whatever the callers choose as keys and bodies.</summary>
public sealed class MemoryResponseCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    private static MemoryResponseCache Cache(long limit) =>
        new(new StaticOptionsMonitor(new CachingOptions { MemoryLimitBytes = limit }));

    private static CachedResponse Entry(int bodyBytes) =>
        new(200, [new("Content-Type", ["text/plain"])], new byte[bodyBytes], Now, Now.AddMinutes(1), Now.AddMinutes(1));

    [Fact]
    public void Storing_more_than_the_limit_evicts_the_least_recently_used_entries_first()
    {
        var cache = Cache(10_000);
        for (var i = 0; i < 20; i++)
        {
            cache.Set("key-" + i, Entry(1_000));
            if (i > 0)
            {
                Assert.NotNull(cache.Get("key-0", Now));
            }
        }

        var kept = Enumerable.Range(0, 20).Where(i => cache.Get("key-" + i, Now) is not null).ToArray();

        Assert.Contains(0, kept);
        Assert.Contains(19, kept);
        Assert.DoesNotContain(1, kept);
        Assert.InRange(kept.Length, 2, 10_000 / 1_000);
    }

    [Fact]
    public void Long_keys_count_against_the_limit_so_tiny_answers_under_huge_keys_cannot_outgrow_it()
    {
        var cache = Cache(100_000);
        var keys = Enumerable.Range(0, 10).Select(i => i + "?q=" + new string('x', 20_000)).ToArray();
        foreach (var key in keys)
        {
            cache.Set(key, Entry(0));
        }

        // Each key alone is 40 KB of characters: at most two fit within 100 KB.
        Assert.InRange(keys.Count(key => cache.Get(key, Now) is not null), 1, 2);
        Assert.NotNull(cache.Get(keys[^1], Now));
    }

    [Fact]
    public void An_entry_larger_than_the_whole_limit_is_not_stored_and_evicts_nothing()
    {
        var cache = Cache(10_000);
        cache.Set("small", Entry(100));
        cache.Set("huge", Entry(20_000));

        Assert.Null(cache.Get("huge", Now));
        Assert.NotNull(cache.Get("small", Now));
    }

    private sealed class StaticOptionsMonitor(CachingOptions options) : IOptionsMonitor<CachingOptions>
    {
        public CachingOptions CurrentValue => options;

        public CachingOptions Get(string? name) => options;

        public IDisposable? OnChange(Action<CachingOptions, string?> listener) => null;
    }
}
