using System.Diagnostics;
using OpenTelemetry.Trace;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Orders;

namespace Serverless.Gateway.Tests.Events;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class EventTracingTests(AzuriteFixture azurite)
{
    private static readonly string[] Consumers = ["projection", "audit", "notifications"];

    [Fact]
    public async Task The_trace_of_the_request_that_placed_an_order_continues_through_the_saga_to_every_consumer()
    {
        var spans = new LockedCollection<Activity>();
        await using var saga = await OrderSagaHarness.StartAsync(
            azurite,
            builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)),
            settings: [("Telemetry:SamplingRatio", "1"), ("Telemetry:Collect", "true")]);

        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson());
        await saga.WaitForStatusAsync(id, "Completed");

        await Eventually.TrueAsync(
            () => spans.Where(span => span.Kind == ActivityKind.Consumer && span.GetTagItem("cloudevents.event_subject") as string == id)
                .Select(static span => (span.GetTagItem("messaging.consumer.group.name"), span.GetTagItem("cloudevents.event_id"))).Distinct().Count() == 2 * Consumers.Length,
            because: "Not every consumer processed both events of the order.");
        var all = spans.ToList();
        var placed = Assert.Single(all, span => span.Kind == ActivityKind.Server && span.GetTagItem("http.request.method") as string == "POST"
            && span.GetTagItem("url.path") as string == "/orders");
        var consumerSpans = all.Where(span => span.Kind == ActivityKind.Consumer && span.GetTagItem("cloudevents.event_subject") as string == id).ToList();
        Assert.Equal(Consumers.Order(), consumerSpans.Select(static span => (string)span.GetTagItem("messaging.consumer.group.name")!).Distinct().Order());

        // The orders service is another process: the trace reaches the consumers through it, from the request it was
        // proxied, through its saga, to the traceparent of the events it published.
        Assert.All(consumerSpans, span => Assert.Equal(placed.TraceId, span.TraceId));
    }
}
