using System.Diagnostics;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Events;

/// <summary>
/// What every downstream function does around its consumer: read the envelope (or reject it as bad input), continue the
/// producer's trace, drop an event id already processed, run the consumer, remember the id, count the outcome. A
/// failure is rethrown so the invocation fails and the message is delivered again, then dead-lettered.
/// </summary>
public sealed class EventConsumerPipeline(
    ProcessedEventStore processed,
    EventsMetrics metrics,
    IOptions<EventsOptions> options,
    IEventDeliveryLimit deliveryLimit,
    TimeProvider time,
    ILogger<EventConsumerPipeline> logger)
{
    public const string TriggerBinding = "message";

    private static readonly ActivitySource Source = new(GatewayTelemetry.ActivitySourceName);

    public async ValueTask<FunctionResult> RunAsync(IEventConsumer consumer, FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(invocation);
        var delivery = invocation.Metadata.GetInt32("DeliveryCount") ?? invocation.Metadata.GetInt32("DequeueCount") ?? 1;
        CloudEvent cloudEvent;
        try
        {
            cloudEvent = CloudEventReader.ReadTrigger(invocation, TriggerBinding).Event;
        }
        catch (FunctionInputException)
        {
            // Bad input fails every delivery and ends dead-lettered: count it on the way, like any other failure.
            metrics.Record(consumer.Name, delivery >= deliveryLimit.MaxDeliveries ? EventOutcome.DeadLettered : EventOutcome.Failed);
            throw;
        }


        // The consumer's span joins the trace of the request that caused the event, across the queue.
        ActivityContext.TryParse(cloudEvent.TraceParent, cloudEvent.TraceState, isRemote: true, out var producer);
        using var activity = Source.StartActivity($"{consumer.Name} process", ActivityKind.Consumer, producer);
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.consumer.group.name", consumer.Name);
        activity?.SetTag("cloudevents.event_id", cloudEvent.Id);
        activity?.SetTag("cloudevents.event_type", cloudEvent.Type);
        activity?.SetTag("cloudevents.event_subject", cloudEvent.Subject);
        try
        {
            if (await processed.IsProcessedAsync(consumer.Name, cloudEvent.Id, cancellationToken))
            {
                metrics.Record(consumer.Name, EventOutcome.Duplicate);
                logger.Duplicate(consumer.Name, cloudEvent.Id, delivery);
                return new FunctionResult { Logs = [$"Event {cloudEvent.Id} was already processed by {consumer.Name}."] };
            }

            var outcome = await consumer.ConsumeAsync(cloudEvent, cancellationToken);
            await processed.MarkProcessedAsync(consumer.Name, cloudEvent.Id, time.GetUtcNow() + options.Value.ProcessedEventRetention, cancellationToken);
            metrics.Record(consumer.Name, outcome);
            return new FunctionResult { Logs = [$"Event {cloudEvent.Id} ({cloudEvent.Type}) {outcome} by {consumer.Name}."] };
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var last = delivery >= deliveryLimit.MaxDeliveries;
            metrics.Record(consumer.Name, last ? EventOutcome.DeadLettered : EventOutcome.Failed);
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            logger.ConsumerFailed(exception, consumer.Name, cloudEvent.Id, delivery, last);
            throw;
        }
    }
}
