using System.Text.Json;
using Serverless.Gateway.Heartbeat;
using Serverless.Gateway.Tests.Functions;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Triggers;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class QueueTriggerListenerTests(AzuriteFixture azurite)
{
    private const string PoisonQueueName = HeartbeatTimerFunction.QueueName + "-poison";

    [Fact]
    public async Task Malformed_message_moves_to_the_poison_queue_after_max_dequeue_count_deliveries()
    {
        await FunctionsTestApp.ResetHeartbeatQueuesAsync(azurite);
        var body = $"not a heartbeat {Guid.NewGuid():N}";
        await FunctionsTestApp.Queue(azurite, HeartbeatTimerFunction.QueueName).SendMessageAsync(body);
        await using var app = await FunctionsTestApp.StartStandaloneAsync(azurite, ("AzureFunctionsJobHost:extensions:queues:visibilityTimeout", "00:00:00"));

        var poison = FunctionsTestApp.Queue(azurite, PoisonQueueName);
        var queue = FunctionsTestApp.Queue(azurite, HeartbeatTimerFunction.QueueName);
        await Eventually.TrueAsync(
            async () => (await poison.PeekMessagesAsync(32)).Value.Any(message => message.Body.ToString() == body)
                && (await queue.PeekMessagesAsync(32)).Value.Length == 0,
            because: "The malformed message did not move from the queue to the poison queue.");

        Assert.Equal(5, app.Logs.WithEventId(3002).Count);
        var moved = Assert.Single(app.Logs.WithEventId(3106));

        // The id the log names is the one `events dead-letters show|replay --id` takes: the poison queue's copy.
        var deadLetter = Assert.Single((await poison.PeekMessagesAsync(32)).Value, message => message.Body.ToString() == body);
        Assert.Equal(deadLetter.MessageId, moved.Property("MessageId"));
    }

    [Fact]
    public async Task A_message_that_is_not_base64_goes_to_the_poison_queue_unchanged_instead_of_reappearing_forever()
    {
        await FunctionsTestApp.ResetHeartbeatQueuesAsync(azurite);
        var raw = $"<not base64 {Guid.NewGuid():N}>";
        var plain = new Azure.Storage.Queues.QueueClient(
            azurite.ConnectionString, HeartbeatTimerFunction.QueueName,
            new Azure.Storage.Queues.QueueClientOptions(Azure.Storage.Queues.QueueClientOptions.ServiceVersion.V2025_11_05));
        await plain.SendMessageAsync(raw);
        await using var app = await FunctionsTestApp.StartStandaloneAsync(azurite);

        var poison = FunctionsTestApp.Queue(azurite, PoisonQueueName);
        await Eventually.TrueAsync(
            async () => (await poison.PeekMessagesAsync(32)).Value.Any(message => message.Body.ToString() == raw)
                && (await plain.PeekMessagesAsync(32)).Value.Length == 0,
            because: "The undecodable message did not move to the poison queue.");
    }

    [Fact]
    public async Task Two_instances_competing_on_one_queue_process_each_message_once()
    {
        await FunctionsTestApp.ResetHeartbeatQueuesAsync(azurite);
        (string Key, string? Value) smallBatches = ("AzureFunctionsJobHost:extensions:queues:batchSize", "4");
        await using var first = await FunctionsTestApp.StartStandaloneAsync(azurite, smallBatches);
        await using var second = await FunctionsTestApp.StartStandaloneAsync(azurite, smallBatches);
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var queue = FunctionsTestApp.Queue(azurite, HeartbeatTimerFunction.QueueName);
        foreach (var id in ids)
        {
            await queue.SendMessageAsync(JsonSerializer.Serialize(new { id, time = DateTimeOffset.UtcNow, source = "competing-test" }));
        }

        IReadOnlyList<string> Recorded() =>
            [.. first.Logs.WithEventId(3201).Concat(second.Logs.WithEventId(3201)).Select(entry => entry.Property("HeartbeatId")).OfType<string>().Where(ids.Contains)];
        await Eventually.TrueAsync(() => Recorded().Distinct().Count() == ids.Count, because: "Not every message was recorded.");
        await Eventually.TrueAsync(async () => (await queue.PeekMessagesAsync(32)).Value.Length == 0, because: "Recorded messages were not deleted.");

        Assert.Equal(ids.Count, Recorded().Count);
        Assert.Empty(first.Logs.WithEventId(3002).Concat(second.Logs.WithEventId(3002)));
    }
}
