using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Serverless.Gateway.Cli;
using Serverless.Gateway.Events;
using Serverless.Gateway.Events.DeadLetters;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Cli;

/// <summary>
/// <c>events dead-letters</c> end to end on Azurite, against the app's own catalog. Which consumers subscribe to the
/// topic changes as the app grows, so the tests take the first subscription's poison queue there is, or any poison queue.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class EventsCommandTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string PlainText = "hello, dead letters";
    private const string RawText = "{not base64: written by hand}";

    private readonly DeadLetterChannel _channel = PickChannel();
    private readonly CloudEvent _event = new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Source = "/tests/cli",
        Type = "serverless.orders.placed",
        Time = DateTimeOffset.UtcNow,
        Subject = "order-cli-1",
        Sequence = 1,
        Data = JsonSerializer.SerializeToElement(new { orderId = "order-cli-1", total = 42 }),
    };

    private QueueClient Poison => new(azurite.ConnectionString, _channel.Name, StorageClientFactory.CreateQueueOptions());

    private QueueClient Source => new(azurite.ConnectionString, _channel.SourceQueue, StorageClientFactory.CreateQueueOptions());

    private QueueClient RawPoison => new(azurite.ConnectionString, _channel.Name, StorageClientFactory.CreateRawQueueOptions());

    // Both queues are shared with other tests of the collection (the catalog names them): start and leave them empty.
    public Task InitializeAsync() => ClearAsync();

    public Task DisposeAsync() => ClearAsync();

    [Fact]
    public async Task List_shows_every_dead_letter_with_a_one_line_summary_without_disturbing_it()
    {
        var (eventId, textId, rawId) = await PutDeadLettersAsync();

        var (exitCode, output) = await RunAsync("events", "dead-letters", "list", "--queue", _channel.Name);

        Assert.Equal(0, exitCode);
        Assert.Contains($"serverless.orders.placed subject=order-cli-1 id={_event.Id}", output, StringComparison.Ordinal);
        Assert.Contains(PlainText, output, StringComparison.Ordinal);
        Assert.Contains($"[not base64] {RawText}", output, StringComparison.Ordinal);
        Assert.All([eventId, textId, rawId], id => Assert.Contains($"{_channel.Name}  {id}", output, StringComparison.Ordinal));
        Assert.Contains($"3 dead letter(s) shown; poison queues checked: {_channel.Name}.", output, StringComparison.Ordinal);

        var peeked = (await RawPoison.PeekMessagesAsync(32)).Value;
        Assert.Equal(3, peeked.Length);
        Assert.All(peeked, message => Assert.Equal(0, message.DequeueCount));
    }

    [Fact]
    public async Task List_without_a_queue_covers_every_poison_queue_and_a_subscription_selects_its_own()
    {
        await PutDeadLettersAsync();

        var (exitCode, output) = await RunAsync("events", "dead-letters", "list");
        Assert.Equal(0, exitCode);
        Assert.Contains(_event.Id, output, StringComparison.Ordinal);

        if (_channel.Subscription is { } subscription)
        {
            var (subscriptionExit, subscriptionOutput) = await RunAsync("events", "dead-letters", "list", "--subscription", subscription);
            Assert.Equal(0, subscriptionExit);
            Assert.Contains(_event.Id, subscriptionOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_empty_poison_queue_is_reported_as_such()
    {
        var (exitCode, output) = await RunAsync("events", "dead-letters", "list", "--queue", _channel.Name);

        Assert.Equal(0, exitCode);
        Assert.Contains($"No dead letters in {_channel.Name}.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_prints_the_whole_body_as_indented_json()
    {
        var (eventId, _, rawId) = await PutDeadLettersAsync();

        var (exitCode, output) = await RunAsync("events", "dead-letters", "show", "--queue", _channel.Name, "--id", eventId);

        Assert.Equal(0, exitCode);
        Assert.Contains($"Message id:     {eventId}", output, StringComparison.Ordinal);
        Assert.Contains($"replays to {_channel.SourceQueue}", output, StringComparison.Ordinal);
        Assert.Contains("  \"type\": \"serverless.orders.placed\",", output, StringComparison.Ordinal);
        Assert.Contains("    \"orderId\": \"order-cli-1\",", output, StringComparison.Ordinal);

        var (rawExit, rawOutput) = await RunAsync("events", "dead-letters", "show", "--queue", _channel.Name, "--id", rawId);
        Assert.Equal(0, rawExit);
        Assert.Contains("not base64", rawOutput, StringComparison.Ordinal);
        Assert.EndsWith(RawText + Environment.NewLine, rawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_by_id_moves_one_message_back_to_its_queue()
    {
        var (eventId, textId, rawId) = await PutDeadLettersAsync();

        var (exitCode, output) = await RunAsync("events", "dead-letters", "replay", "--queue", _channel.Name, "--id", eventId);

        Assert.Equal(0, exitCode);
        Assert.Contains($"Replayed {eventId} to {_channel.SourceQueue}", output, StringComparison.Ordinal);
        Assert.Contains($"Replayed 1 message(s) from {_channel.Name} to {_channel.SourceQueue}.", output, StringComparison.Ordinal);
        Assert.Equal(new[] { JsonSerializer.Serialize(_event) }, await DrainAsync(Source));

        // The messages the replay skipped are visible again at once, unchanged.
        var left = (await RawPoison.PeekMessagesAsync(32)).Value;
        Assert.Equal(new[] { textId, rawId }.Order(StringComparer.Ordinal), left.Select(static message => message.MessageId).Order(StringComparer.Ordinal));
        Assert.Contains(left, static message => message.Body.ToString() == RawText);
    }

    [Fact]
    public async Task Replay_all_moves_every_message_back_and_makes_a_raw_one_readable()
    {
        await PutDeadLettersAsync();

        var (exitCode, output) = await RunAsync("events", "dead-letters", "replay", "--queue", _channel.Name, "--all");

        Assert.Equal(0, exitCode);
        Assert.Contains($"Replayed 3 message(s) from {_channel.Name} to {_channel.SourceQueue}.", output, StringComparison.Ordinal);
        Assert.Contains("re-encoded as base64", output, StringComparison.Ordinal);
        Assert.Empty((await RawPoison.PeekMessagesAsync(32)).Value);
        Assert.Equal(
            new[] { JsonSerializer.Serialize(_event), PlainText, RawText }.Order(StringComparer.Ordinal),
            (await DrainAsync(Source)).Order(StringComparer.Ordinal));

        var (againExit, againOutput) = await RunAsync("events", "dead-letters", "replay", "--queue", _channel.Name, "--all");
        Assert.Equal(0, againExit);
        Assert.Contains($"Nothing to replay: {_channel.Name} is empty.", againOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_queues_subscriptions_and_messages_fail_with_exit_code_1_and_a_clear_message()
    {
        await PutDeadLettersAsync();
        var missingId = Guid.NewGuid().ToString();
        (string[] Args, string Message)[] cases =
        [
            (["list", "--queue", "no-such-queue-poison"], "'no-such-queue-poison' is not a known poison queue. Known: "),
            (["replay", "--queue", _channel.SourceQueue, "--all"], $"is the queue of {_channel.Functions[0]}, not a poison queue; its dead letters are in '{_channel.Name}'."),
            (["list", "--subscription", "no-such-subscription"], "no subscription 'no-such-subscription'"),
            (["show", "--queue", _channel.Name, "--id", missingId], $"There is no message with id '{missingId}' in '{_channel.Name}'."),
            (["replay", "--queue", _channel.Name, "--id", missingId], $"There is no message with id '{missingId}' in '{_channel.Name}'."),
        ];

        foreach (var (args, message) in cases)
        {
            var (exitCode, output) = await RunAsync(["events", "dead-letters", .. args]);
            Assert.Equal(1, exitCode);
            Assert.Contains(message, output, StringComparison.Ordinal);
            Assert.StartsWith("error: ", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }

        Assert.Equal(3, (await RawPoison.PeekMessagesAsync(32)).Value.Length);
    }

    [Theory]
    [InlineData("replay --queue q-poison", "Give either --id or --all.")]
    [InlineData("replay --queue q-poison --id x --all", "Give either --id or --all.")]
    [InlineData("show --id x", "Give either --queue or --subscription.")]
    [InlineData("list --queue q-poison --subscription s", "Give --queue or --subscription, not both.")]
    public async Task Contradictory_or_missing_options_are_usage_errors(string command, string message)
    {
        var (exitCode, output) = await RunAsync(["events", "dead-letters", .. command.Split(' ')]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_storage_fails_with_a_clear_message()
    {
        // Port 1 on loopback: nothing listens, so every request is refused.
        const string Unreachable =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            "QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";

        var (exitCode, output) = await RunWithStorageAsync(Unreachable, "events", "dead-letters", "list", "--queue", _channel.Name);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: storage is unreachable", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    /// <summary>A subscription's poison queue if any function subscribes to the topic, else any poison queue of the catalog.</summary>
    private static DeadLetterChannel PickChannel()
    {
        var channels = new DeadLetterQueues(GatewayFunctionCatalog.Default, new ConfigurationBuilder().Build(), TimeProvider.System).Queues;
        return channels.FirstOrDefault(static channel => channel.Topic == EventConsumerFunction.Topic) ?? channels[0];
    }

    /// <summary>A CloudEvent and a plain text sent as the app sends (base64), and a raw message as a hand-made sender might.</summary>
    private async Task<(string EventId, string TextId, string RawId)> PutDeadLettersAsync()
    {
        var eventReceipt = await Poison.SendMessageAsync(JsonSerializer.Serialize(_event));
        var textReceipt = await Poison.SendMessageAsync(PlainText);
        var rawReceipt = await RawPoison.SendMessageAsync(RawText);
        return (eventReceipt.Value.MessageId, textReceipt.Value.MessageId, rawReceipt.Value.MessageId);
    }

    private static async Task<List<string>> DrainAsync(QueueClient queue)
    {
        var bodies = new List<string>();
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } batch)
        {
            foreach (var message in batch)
            {
                bodies.Add(message.Body.ToString());
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        return bodies;
    }

    private async Task ClearAsync()
    {
        foreach (var queue in new[] { RawPoison, new QueueClient(azurite.ConnectionString, _channel.SourceQueue, StorageClientFactory.CreateRawQueueOptions()) })
        {
            await queue.CreateIfNotExistsAsync();
            await queue.ClearMessagesAsync();
        }
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunWithStorageAsync(azurite.ConnectionString, args);

    private static async Task<(int ExitCode, string Output)> RunWithStorageAsync(string connectionString, params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await GatewayCli.RunAsync(args, output, output, new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString });
        return (exitCode, output.ToString());
    }
}
