using Serverless.Gateway.Forwarding.FleetHealth;

namespace Serverless.Gateway.Tests.Forwarding.FleetHealth;

public sealed class RendezvousTests
{
    private static readonly string[] Instances = [.. Enumerable.Range(1, 20).Select(i => $"gateway-{i}")];

    [Fact]
    public void Every_instance_that_sees_the_same_live_set_picks_the_same_probers()
    {
        for (var d = 0; d < 50; d++)
        {
            var destination = $"d{d}";
            var probers = Instances.Where(self => Rendezvous.IsAmongTop(self, Instances, "pool", destination, 2)).ToList();

            Assert.Equal(2, probers.Count);
        }
    }

    [Fact]
    public void When_a_prober_leaves_only_its_place_moves_to_the_next_instance_in_line()
    {
        var before = Instances.Where(self => Rendezvous.IsAmongTop(self, Instances, "pool", "x", 3)).ToList();
        var remaining = Instances.Except([before[0]]).ToList();

        var after = remaining.Where(self => Rendezvous.IsAmongTop(self, remaining, "pool", "x", 3)).ToList();

        Assert.Equal(3, after.Count);
        Assert.Equal(2, after.Intersect(before).Count());
    }

    [Fact]
    public void Destinations_spread_their_probers_over_the_fleet()
    {
        var counts = Instances.ToDictionary(
            self => self, self => Enumerable.Range(0, 400).Count(d => Rendezvous.IsAmongTop(self, Instances, "pool", $"d{d}", 1)));

        Assert.Equal(400, counts.Values.Sum());
        Assert.All(counts.Values, count => Assert.InRange(count, 5, 40));
    }
}
