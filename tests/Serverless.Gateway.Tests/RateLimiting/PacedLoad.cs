namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>Drives a key on several instances at a steady total rate over whole rate-limit windows of one second.</summary>
public static class PacedLoad
{
    /// <summary>
    /// Spreads <paramref name="ratePerSecond"/> evenly over the instances, from just after a window starts to just before the
    /// last window ends, so every request falls in one of the <paramref name="windows"/> windows.
    /// </summary>
    public static async Task<LoadRun> DriveAsync(IReadOnlyList<LimiterNode> nodes, string policy, string key, double ratePerSecond, int windows)
    {
        var now = DateTimeOffset.UtcNow;
        var windowStart = NextWindow(now);
        var start = windowStart.AddMilliseconds(20);
        var end = windowStart.AddSeconds(windows).AddMilliseconds(-30);
        await Task.Delay(start - now);
        var operationsBefore = nodes.Sum(node => node.Store.Operations);
        var results = await Task.WhenAll(nodes.Select(node => Task.Run(() => PaceAsync(node, policy, key, ratePerSecond / nodes.Count, start, end))));
        var operations = nodes.Sum(node => node.Store.Operations) - operationsBefore;
        return new LoadRun(results.Sum(result => result.Issued), results.Sum(result => result.Admitted), operations, end - start);
    }

    /// <summary>The start of the next one-second window.</summary>
    public static DateTimeOffset NextWindow(DateTimeOffset now) =>
        new(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static async Task<(long Issued, long Admitted)> PaceAsync(
        LimiterNode node, string policy, string key, double ratePerSecond, DateTimeOffset start, DateTimeOffset end)
    {
        long issued = 0, admitted = 0;
        for (var now = DateTimeOffset.UtcNow; now < end; now = DateTimeOffset.UtcNow)
        {
            for (var due = (long)((now - start).TotalSeconds * ratePerSecond); issued < due; issued++)
            {
                admitted += node.Limiter.Acquire(policy, key).IsAllowed ? 1 : 0;
            }

            await Task.Delay(2);
        }

        return (issued, admitted);
    }
}
