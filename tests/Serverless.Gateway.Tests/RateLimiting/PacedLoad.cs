using Microsoft.Extensions.Time.Testing;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>
/// Drives a key on several instances at a steady total rate over whole one-second rate-limit windows, on a clock the test
/// moves: every instance runs its round each sync interval, at its own offset, as its background sync would.
/// </summary>
public static class PacedLoad
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Runs rounds until the next window starts, then spreads <paramref name="ratePerSecond"/> evenly over the instances
    /// from just after that window starts to just before the last of the <paramref name="windows"/> ends.
    /// </summary>
    public static async Task<LoadRun> DriveAsync(
        IReadOnlyList<LimiterNode> nodes, FakeTimeProvider time, TimeSpan syncInterval, string policy, string key, double ratePerSecond, int windows)
    {
        var windowStart = NextWindow(time.GetUtcNow());
        var start = windowStart.AddMilliseconds(20);
        var end = windowStart.AddSeconds(windows).AddMilliseconds(-30);
        await RunRoundsUntilAsync(nodes, time, syncInterval, start);
        var operationsBefore = nodes.Sum(node => node.Store.Operations);
        long issued = 0, admitted = 0;
        var perNode = new long[nodes.Count];
        for (var now = time.GetUtcNow(); now < end; now = time.GetUtcNow())
        {
            for (var i = 0; i < nodes.Count; i++)
            {
                for (var due = (long)((now - start).TotalSeconds * ratePerSecond / nodes.Count); perNode[i] < due; perNode[i]++, issued++)
                {
                    admitted += nodes[i].Limiter.Acquire(policy, key).IsAllowed ? 1 : 0;
                }
            }

            await RunDueRoundsAsync(nodes, time, syncInterval);
            time.Advance(Step);
        }

        return new LoadRun(issued, admitted, nodes.Sum(node => node.Store.Operations) - operationsBefore, end - start);
    }

    /// <summary>Moves the clock to <paramref name="until"/>, running the rounds due on the way.</summary>
    public static async Task RunRoundsUntilAsync(IReadOnlyList<LimiterNode> nodes, FakeTimeProvider time, TimeSpan syncInterval, DateTimeOffset until)
    {
        while (time.GetUtcNow() < until)
        {
            await RunDueRoundsAsync(nodes, time, syncInterval);
            time.Advance(Step);
        }
    }

    /// <summary>The start of the next one-second window.</summary>
    public static DateTimeOffset NextWindow(DateTimeOffset now) =>
        new(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, TimeSpan.Zero);

    /// <summary>Instance i runs its round when the clock is i/n of a sync interval into one, so the rounds spread as started ones do.</summary>
    private static async Task RunDueRoundsAsync(IReadOnlyList<LimiterNode> nodes, FakeTimeProvider time, TimeSpan syncInterval)
    {
        var into = time.GetUtcNow().Ticks % syncInterval.Ticks;
        for (var i = 0; i < nodes.Count; i++)
        {
            var offset = syncInterval.Ticks * i / nodes.Count;
            if (into >= offset && into < offset + Step.Ticks)
            {
                await nodes[i].Sync.SyncAsync(CancellationToken.None);
            }
        }
    }
}
