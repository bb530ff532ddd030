using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.LocalRun;
using Serverless.Samples.Notifications;
using Serverless.Samples.Participants;
using Serverless.Gateway.Events;
using Serverless.Gateway.Events.Notifications;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Orders;
using Serverless.Gateway.Triggers;

namespace Serverless.Gateway.Tests.Events;

/// <summary>
/// The order saga harness with the events publisher on and a demo webhook receiver as the <c>notifications</c>
/// backend. The notifications subscription queue and its poison queue are emptied first, so no earlier test's event
/// reaches this test's receiver.
/// </summary>
public sealed class NotificationsHarness : IAsyncDisposable
{
    public static readonly string QueueName = ServiceBusTopics.SubscriptionQueueName(EventConsumerFunction.Topic, OrderNotifications.Subscription);
    public static readonly string PoisonQueueName = QueueName + "-poison";

    private NotificationsHarness(WebhookReceiver receiver, OrderSagaHarness saga)
    {
        Receiver = receiver;
        Saga = saga;
    }

    public WebhookReceiver Receiver { get; }

    public OrderSagaHarness Saga { get; }

    /// <summary>Standalone: the runtime drives the saga, the publisher and the notifications function from their queues.</summary>
    public static Task<NotificationsHarness> StartAsync(AzuriteFixture azurite, ParticipantFaults? receiverFaults = null, params (string Key, string? Value)[] settings) =>
        StartCoreAsync(azurite, receiverFaults, settings);

    /// <summary>Under the Functions host: no trigger runs, so the only deliveries are the test's own <see cref="DeliverAsync"/>.</summary>
    public static Task<NotificationsHarness> StartUnderFunctionsHostAsync(AzuriteFixture azurite, ParticipantFaults? receiverFaults = null, params (string Key, string? Value)[] settings) =>
        StartCoreAsync(azurite, receiverFaults,
            [(GatewayHostingContext.CustomHandlerPortVariable, LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)), .. settings], withOrdersService: false);

    private static async Task<NotificationsHarness> StartCoreAsync(
        AzuriteFixture azurite, ParticipantFaults? receiverFaults, (string Key, string? Value)[] settings, bool withOrdersService = true)
    {
        foreach (var name in new[] { QueueName, PoisonQueueName })
        {
            var queue = OrderSagaHarness.Queue(azurite, name);
            await queue.CreateIfNotExistsAsync();
            await queue.ClearMessagesAsync();
        }

        var receiver = await WebhookReceiver.StartAsync(new WebhookReceiverOptions { Faults = receiverFaults ?? ParticipantFaults.None }, 0, CancellationToken.None);
        try
        {
            (string, string?)[] all =
            [
                ("Gateway:Backends:notifications:Destinations:d0", receiver.Address.ToString()),
                ("Gateway:Backends:notifications:Resilience:AttemptTimeout", "00:00:02"),
                .. settings,
            ];
            var saga = withOrdersService ? await OrderSagaHarness.StartAsync(azurite, null, null, null, all) : await OrderSagaHarness.StartGatewayOnlyAsync(azurite, all);
            return new NotificationsHarness(receiver, saga);
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }
    }

    /// <summary>The deliveries the receiver recorded for one order (the event subject), in arrival order.</summary>
    public async Task<JsonElement[]> ReceivedAsync(string orderId) =>
        [.. (await OrderSagaHarness.LedgerAsync(Receiver)).GetProperty("notifications").EnumerateArray()
            .Where(notification => notification.GetProperty("subject").GetString() == orderId)];

    /// <summary>Whether the notifications function has recorded the event as processed: no later delivery of it can call the webhook.</summary>
    public async Task<bool> IsProcessedAsync(string eventId) =>
        await Saga.Gateway.Services.GetRequiredService<ProcessedEventStore>().IsProcessedAsync(OrderNotifications.Subscription, eventId, CancellationToken.None);

    /// <summary>
    /// Posts the Functions host's Service Bus trigger invocation for <c>OrderNotifications</c>, with metadata values
    /// JSON-encoded a second time as the host may send them. <paramref name="message"/> is the trigger's Data value.
    /// </summary>
    public async Task<HttpResponseMessage> DeliverAsync(JsonNode message, int deliveryCount = 1)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new JsonObject
        {
            ["Data"] = new JsonObject { [EventConsumerPipeline.TriggerBinding] = message },
            ["Metadata"] = new JsonObject
            {
                ["MessageId"] = JsonSerializer.Serialize(Guid.NewGuid().ToString("N")),
                ["DeliveryCount"] = deliveryCount.ToString(CultureInfo.InvariantCulture),
                ["SequenceNumber"] = "7",
                ["EnqueuedTimeUtc"] = JsonSerializer.Serialize(now),
                ["ContentType"] = "\"application/json\"",
                ["ApplicationProperties"] = "{}",
                ["UserProperties"] = "{}",
                ["sys"] = new JsonObject { ["MethodName"] = OrderNotificationsFunction.FunctionName, ["UtcNow"] = now, ["RandGuid"] = Guid.NewGuid().ToString() },
            },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{OrderNotificationsFunction.FunctionName}") { Content = JsonContent.Create(payload) };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        return await Saga.Gateway.Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await Saga.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
