using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>Instances whose sync rounds do not keep their schedule, on a store in memory and a clock the test moves.</summary>
public sealed class RoundScheduleTests(ITestOutputHelper output)
{
    private const string Policy = "standard";
    private const long Limit = 100;

    // A tenth of a second into a one-minute window: the whole run stays in that window.
    private static readonly DateTimeOffset Start = new(2026, 3, 30, 12, 0, 0, 100, TimeSpan.Zero);
    private static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Two_instances_admit_at_most_the_limit_when_one_runs_no_round_for_five_seconds()
    {
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryRateLimitStore();
        var settings = new Dictionary<string, string?> { [$"Policies:{Policy}:Limit"] = "100", [$"Policies:{Policy}:Window"] = "00:01:00" };
        await using var healthy = LimiterNode.Create(store, settings, time);
        await using var stalled = LimiterNode.Create(store, settings, time);

        // Rounds before the first request, as the host runs one before it serves, until each has seen the other.
        for (var round = 0; round < 5; round++)
        {
            await healthy.Sync.SyncAsync(CancellationToken.None);
            await stalled.Sync.SyncAsync(CancellationToken.None);
            time.Advance(SyncInterval);
        }

        Assert.Equal((2, 2), (healthy.Sync.LiveInstances, stalled.Sync.LiveInstances));

        // Each instance is asked 20 times a second (far more than 100 a minute) for 40 s. The healthy one runs a round
        // every 250 ms throughout; the other runs its first round, then none for 5 s, then keeps its schedule again.
        long admitted = 0;
        for (var tick = 0; tick < 160; tick++)
        {
            admitted += Admit(healthy, 5) + Admit(stalled, 5);
            await healthy.Sync.SyncAsync(CancellationToken.None);
            if (tick is < 1 or >= 21)
            {
                await stalled.Sync.SyncAsync(CancellationToken.None);
            }

            time.Advance(SyncInterval);
        }

        output.WriteLine($"Admitted {admitted} of {Limit} allowed in the window.");
        // Demand far above the limit for 40 s: the budget is used, though never beyond it.
        Assert.InRange(admitted, 0.9 * Limit, Limit);
    }

    private static long Admit(LimiterNode node, int requests) =>
        Enumerable.Range(0, requests).Count(_ => node.Limiter.Acquire(Policy, "tenant-a").IsAllowed);
}
