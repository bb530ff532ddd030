using Serverless.Gateway.Events;
using System.Text.Json;
using Serverless.Samples.Participants;
using Serverless.Gateway.Cli;
using Serverless.Gateway.Events.Notifications;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Orders;

namespace Serverless.Gateway.Tests.Events;

/// <summary>
/// Standalone, on real Azurite: notifications of a webhook that stays down end in the subscription's poison queue
/// after the configured deliveries, counted as dead-lettered; once the webhook is back, replaying them with the
/// operator CLI delivers each exactly once.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrderNotificationsPoisonTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Notifications_to_a_webhook_that_stays_down_are_dead_lettered_and_delivered_once_when_replayed()
    {
        await using var harness = await NotificationsHarness.StartAsync(azurite, new ParticipantFaults { DownForSeconds = 3600 },
            ("AzureFunctionsJobHost:extensions:queues:maxDequeueCount", "2"),
            ("AzureFunctionsJobHost:extensions:queues:visibilityTimeout", "00:00:00.200"));
        using var outcomes = new NotificationOutcomeRecorder(harness.Saga.Gateway);
        var id = await harness.Saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson());
        await harness.Saga.WaitForStatusAsync(id, "Completed");

        var poison = OrderSagaHarness.Queue(azurite, NotificationsHarness.PoisonQueueName);
        JsonElement[] dead = [];
        await Eventually.TrueAsync(
            async () => (dead = [.. (await poison.PeekMessagesAsync(32)).Value
                .Select(static message => JsonDocument.Parse(message.Body.ToString()).RootElement)
                .Where(e => e.GetProperty("subject").GetString() == id)]).Length == 2,
            TimeSpan.FromSeconds(60), () => $"{dead.Length} of the order's 2 notifications reached {NotificationsHarness.PoisonQueueName}.");

        Assert.Equal([OrderEventTypes.Placed, OrderEventTypes.Completed], dead.OrderBy(static e => e.GetProperty("sequence").GetInt64()).Select(static e => e.GetProperty("type").GetString()));
        Assert.Equal(2, outcomes.Count("dead_lettered"));
        Assert.Equal(2, outcomes.Count("failed"));
        Assert.Equal(0, outcomes.Count("delivered"));
        Assert.Empty(await harness.ReceivedAsync(id));

        harness.Receiver.SetFaults(ParticipantFaults.None);
        var (exitCode, output) = await ReplayAsync();

        Assert.True(exitCode == 0, output);
        await Eventually.TrueAsync(
            async () => (await harness.ReceivedAsync(id)).Length == 2 && outcomes.Count("delivered") == 2,
            TimeSpan.FromSeconds(60), "The replayed notifications never reached the webhook.");
        var received = (await harness.ReceivedAsync(id)).OrderBy(static n => n.GetProperty("sequence").GetInt64()).ToArray();
        Assert.Equal([$"{id}-1", $"{id}-2"], received.Select(static n => n.GetProperty("eventId").GetString()));
        Assert.All(received, static n => Assert.False(n.GetProperty("duplicate").GetBoolean()));
        Assert.True(await harness.IsProcessedAsync($"{id}-1") && await harness.IsProcessedAsync($"{id}-2"));
        Assert.DoesNotContain((await poison.PeekMessagesAsync(32)).Value, message => message.Body.ToString().Contains(id, StringComparison.Ordinal));
    }

    /// <summary>The operator's replay, <c>events dead-letters replay --subscription notifications --all</c>, run in-process.</summary>
    private async Task<(int ExitCode, string Output)> ReplayAsync()
    {
        using var output = new StringWriter();
        var exitCode = await GatewayCli.RunAsync(
            ["events", "dead-letters", "replay", "--subscription", OrderNotifications.Subscription, "--all"],
            output, output, new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString });
        return (exitCode, output.ToString());
    }
}
