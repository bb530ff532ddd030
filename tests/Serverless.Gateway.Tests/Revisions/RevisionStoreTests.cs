using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Revisions;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Revisions;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class RevisionStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private RevisionStore NewStore(string? table = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }).Build();
        return new RevisionStore(StorageClientFactory.Create(configuration), Options.Create(new RevisionOptions { Table = table ?? "Rev" + Guid.NewGuid().ToString("N")[..12] }));
    }

    private static ConfigurationRevision Revision(string by, string text = """{ "Auth": { "Policies": {} } }""") => new(0, by, At, "why", null, text);

    [Fact]
    public async Task Revisions_are_numbered_from_one_and_the_pointer_names_the_newest()
    {
        var store = NewStore();

        Assert.Null(await store.GetLiveAsync(CancellationToken.None));
        var first = await store.PublishAsync(Revision("alice"), null, CancellationToken.None);
        var second = await store.PublishAsync(Revision("bob"), await store.GetLiveAsync(CancellationToken.None), CancellationToken.None);
        var live = await store.GetLiveAsync(CancellationToken.None);
        var listed = await store.ListAsync(CancellationToken.None).ToListAsync();

        Assert.Equal((1L, 2L), (first, second));
        Assert.Equal(2, live!.Revision);
        Assert.Equal([(2L, "bob"), (1L, "alice")], listed.Select(r => (r.Number, r.PublishedBy)));
        Assert.All(listed, r => Assert.Null(r.Text));
        Assert.Equal(new ConfigurationRevision(1, "alice", At, "why", null, """{ "Auth": { "Policies": {} } }"""), await store.GetAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task Of_publishers_racing_from_the_same_live_revision_exactly_one_wins_and_the_others_write_nothing()
    {
        var store = NewStore();
        await store.PublishAsync(Revision("setup"), null, CancellationToken.None);
        for (var round = 0; round < 3; round++)
        {
            var live = await store.GetLiveAsync(CancellationToken.None);
            var racers = Enumerable.Range(0, 4).Select(i => Task.Run(() => store.PublishAsync(Revision($"racer-{round}-{i}"), live, CancellationToken.None))).ToList();
            var outcomes = await Task.WhenAll(racers.Select(async racer =>
            {
                try
                {
                    return (Won: true, Error: (string?)null, Number: await racer);
                }
                catch (RevisionConflictException conflict)
                {
                    return (Won: false, Error: conflict.Message, Number: 0L);
                }
            }));

            var winner = Assert.Single(outcomes, outcome => outcome.Won);
            Assert.Equal(live!.Revision + 1, winner.Number);
            Assert.All(outcomes.Where(o => !o.Won), o => Assert.StartsWith($"revision {winner.Number} was published by someone else meanwhile", o.Error, StringComparison.Ordinal));
        }

        var revisions = await store.ListAsync(CancellationToken.None).ToListAsync();
        Assert.Equal([4L, 3, 2, 1], revisions.Select(r => r.Number));
        Assert.Equal(4, (await store.GetLiveAsync(CancellationToken.None))!.Revision);
    }

    [Fact]
    public async Task Two_first_publishers_cannot_both_create_the_pointer()
    {
        var store = NewStore();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.PublishAsync(Revision($"first-{i}"), null, CancellationToken.None);
                return true;
            }
            catch (RevisionConflictException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, won => won);
        Assert.Single(await store.ListAsync(CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task A_document_longer_than_a_table_property_round_trips_in_chunks()
    {
        var store = NewStore();
        var text = "{ \"Auth\": { \"Policies\": {} } }" + new string(' ', 100_000) + "\n";

        var number = await store.PublishAsync(Revision("alice", text), null, CancellationToken.None);

        Assert.Equal(text, (await store.GetAsync(number, CancellationToken.None))!.Text);
    }

    [Fact]
    public async Task An_unknown_revision_reads_as_none() => Assert.Null(await NewStore().GetAsync(42, CancellationToken.None));
}
