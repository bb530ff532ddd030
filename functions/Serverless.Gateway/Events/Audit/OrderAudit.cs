using System.Text.Json;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Events.Audit;

/// <summary>
/// Records every order event in the append-only audit table. The row key is the event's sequence and id, so recording
/// an event twice (a crash after the insert and before the pipeline remembered the id) finds its row and changes nothing.
/// </summary>
public sealed class OrderAudit(OrderAuditStore store, TimeProvider time, ILogger<OrderAudit> logger) : IEventConsumer
{
    public const string Subscription = "audit";

    public string Name => Subscription;

    public async ValueTask<EventOutcome> ConsumeAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var data = OrderEventData.Read(cloudEvent);
        if (OrderAuditStore.RowKey(cloudEvent.Sequence, cloudEvent.Id) is null)
        {
            throw new FunctionInputException($"The event id is too long to be recorded ({cloudEvent.Id.Length} characters).");
        }

        // The envelope as the consumer read it: every CloudEvents attribute this app knows, the data unchanged.
        var json = JsonSerializer.Serialize(cloudEvent);
        if (json.Length > OrderAuditStore.MaxEventLength)
        {
            throw new FunctionInputException($"Event '{data.OrderId}-{cloudEvent.Sequence}' is {json.Length} characters of JSON; the audit log holds at most {OrderAuditStore.MaxEventLength}.");
        }

        var entry = new AuditEntry(data.OrderId, cloudEvent.Sequence, cloudEvent.Id, cloudEvent.Type, cloudEvent.Source, cloudEvent.Time,
            data.Tenant, data.Status, data.Reason, json, time.GetUtcNow());
        if (await store.TryAppendAsync(entry, cancellationToken))
        {
            logger.Recorded(data.OrderId, cloudEvent.Sequence, cloudEvent.Type);
            return EventOutcome.Delivered;
        }

        logger.AlreadyRecorded(data.OrderId, cloudEvent.Sequence);
        return EventOutcome.Duplicate;
    }
}
