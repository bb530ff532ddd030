using Serverless.Gateway.Auth;

namespace Serverless.Gateway.Tests.Auth;

public sealed class ExpiringCacheTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_entry_is_served_until_its_own_expiry()
    {
        var cache = new ExpiringCache<string, string>(100);
        cache.Add("a", "short", Now.AddSeconds(1));
        cache.Add("b", "long", Now.AddMinutes(1));

        Assert.True(cache.TryGet("a", Now, out var a));
        Assert.False(cache.TryGet("a", Now.AddSeconds(1), out _));
        Assert.True(cache.TryGet("b", Now.AddSeconds(59), out var b));
        Assert.False(cache.TryGet("missing", Now, out _));
        Assert.Equal(("short", "long"), (a, b));
    }

    [Fact]
    public void The_cache_never_grows_much_beyond_its_capacity()
    {
        var cache = new ExpiringCache<int, string>(100);

        for (var i = 0; i < 10_000; i++)
        {
            cache.Add(i, "value", Now.AddHours(1));
        }

        Assert.InRange(cache.Count, 1, 100);
        Assert.True(cache.TryGet(9_999, Now, out _));
        Assert.False(cache.TryGet(0, Now, out _));
    }

    [Fact]
    public void An_entry_still_in_use_survives_the_generation_it_was_added_in()
    {
        var cache = new ExpiringCache<int, string>(10);
        cache.Add(-1, "kept", Now.AddHours(1));

        for (var i = 0; i < 100; i++)
        {
            cache.Add(i, "value", Now.AddHours(1));
            Assert.True(cache.TryGet(-1, Now, out _));
        }
    }
}
