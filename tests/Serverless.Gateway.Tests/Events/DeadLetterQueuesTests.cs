using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.Events.DeadLetters;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Events;

/// <summary>Dead-letter discovery from a catalog of its own, and the replay scan, on queues no other test uses.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class DeadLetterQueuesTests(AzuriteFixture azurite)
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    private string SourceQueue => $"dlq-{_suffix}";

    [Fact]
    public void Poison_queues_come_from_queue_and_subscription_triggers_as_the_runtime_resolves_them()
    {
        var deadLetters = Create(new Dictionary<string, string?> { ["WorkQueue"] = "work-items" });

        Assert.Equal(
            ["orders-topic-billing-poison", "work-items-poison"],
            deadLetters.Queues.Select(static channel => channel.Name));
        var subscription = deadLetters.ForSubscription("billing", "orders-topic");
        Assert.Equal(("orders-topic-billing", "Billing"), (subscription.SourceQueue, subscription.Functions.Single()));
        Assert.Equal("work-items", deadLetters.Find("WORK-ITEMS-POISON").SourceQueue);
    }

    [Fact]
    public void Unknown_names_are_refused_with_what_is_known()
    {
        var deadLetters = Create(new Dictionary<string, string?> { ["WorkQueue"] = "work-items" });

        Assert.Contains("Known: orders-topic-billing-poison, work-items-poison.", Assert.Throws<KeyNotFoundException>(() => deadLetters.Find("other-poison")).Message, StringComparison.Ordinal);
        Assert.Contains("its dead letters are in 'work-items-poison'", Assert.Throws<KeyNotFoundException>(() => deadLetters.Find("work-items")).Message, StringComparison.Ordinal);
        Assert.Contains("Subscriptions: billing.", Assert.Throws<KeyNotFoundException>(() => deadLetters.ForSubscription("shipping", "orders-topic")).Message, StringComparison.Ordinal);
        Assert.Contains("No function subscribes", Assert.Throws<KeyNotFoundException>(() => deadLetters.ForSubscription("billing", "other-topic")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_queue_named_by_a_missing_app_setting_has_no_poison_queue()
    {
        Assert.Equal(["orders-topic-billing-poison"], Create([]).Queues.Select(static channel => channel.Name));
    }

    [Fact]
    public async Task Replay_by_id_finds_a_message_past_the_peek_limit_and_leaves_the_others_visible_and_unchanged()
    {
        var deadLetters = Create(new Dictionary<string, string?> { ["WorkQueue"] = SourceQueue });
        var channel = deadLetters.Find($"{SourceQueue}-poison");
        var poison = await PoisonWithAsync(40);
        var last = (await poison.SendMessageAsync("the last one")).Value.MessageId;

        var peek = await deadLetters.PeekAsync(channel, CancellationToken.None);
        Assert.True(peek.IsPartial);
        Assert.DoesNotContain(peek.Messages, message => message.MessageId == last);

        var result = await deadLetters.ReplayAsync(channel, last, CancellationToken.None);

        Assert.Equal("the last one", Assert.Single(result.Replayed).Message.Body);
        var left = await ReceiveAllAsync(poison, 40);
        Assert.Equal(Enumerable.Range(0, 40).Select(static i => $"m{i}").Order(StringComparer.Ordinal), left.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Replay_all_leaves_messages_that_reached_the_poison_queue_after_it_began()
    {
        // The clock says the replay began before any message arrived: all of them count as new poison.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        var deadLetters = Create(new Dictionary<string, string?> { ["WorkQueue"] = SourceQueue }, time);
        var poison = await PoisonWithAsync(3);

        var result = await deadLetters.ReplayAsync(deadLetters.Find($"{SourceQueue}-poison"), null, CancellationToken.None);

        Assert.Empty(result.Replayed);
        Assert.Equal(3, result.ArrivedDuringReplay);
        Assert.Equal(3, (await ReceiveAllAsync(poison, 3)).Count);
    }

    private DeadLetterQueues Create(Dictionary<string, string?> settings, TimeProvider? time = null)
    {
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        var catalog = new FunctionCatalog(
        [
            new FunctionDescriptor("Work", [FunctionBinding.QueueTrigger("message", "%WorkQueue%", "AzureWebJobsStorage")]),
            new FunctionDescriptor("WorkPoison", [FunctionBinding.QueueTrigger("message", "work-items-poison", "AzureWebJobsStorage")]),
            new FunctionDescriptor("Billing", [FunctionBinding.ServiceBusTopicTrigger("message", "orders-topic", "billing", "ServiceBusConnection")]),
            new FunctionDescriptor("Tick", [FunctionBinding.TimerTrigger("timer", "0 */5 * * * *")]),
        ]);
        return new DeadLetterQueues(catalog, new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), time ?? TimeProvider.System);
    }

    private async Task<QueueClient> PoisonWithAsync(int count)
    {
        var poison = new QueueClient(azurite.ConnectionString, $"{SourceQueue}-poison", StorageClientFactory.CreateQueueOptions());
        await poison.CreateAsync();
        for (var i = 0; i < count; i++)
        {
            await poison.SendMessageAsync($"m{i}");
        }

        return poison;
    }

    /// <summary>Every message, by receiving: a peek stops at 32. Fails if a message is still hidden.</summary>
    private static async Task<List<string>> ReceiveAllAsync(QueueClient queue, int expected)
    {
        var bodies = new List<string>();
        while (bodies.Count < expected && (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value is { Length: > 0 } batch)
        {
            bodies.AddRange(batch.Select(static message => message.Body.ToString()));
        }

        return bodies;
    }
}
