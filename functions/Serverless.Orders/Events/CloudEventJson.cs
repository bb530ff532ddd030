using System.Diagnostics;
using System.Text.Json;
using Serverless.Orders.Model;

namespace Serverless.Orders.Events;

/// <summary>
/// An <see cref="OrderEvent"/> in the CloudEvents 1.0 JSON format, the envelope the downstream consumers read: a
/// message body carries everything (id, type, time, per-order sequence, W3C trace context) because a Functions output
/// binding can set nothing else.
/// </summary>
public static class CloudEventJson
{
    public const string ContentType = "application/cloudevents+json";

    public static string Write(OrderEvent orderEvent)
    {
        ArgumentNullException.ThrowIfNull(orderEvent);
        var trace = Activity.Current;
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["specversion"] = "1.0",
            ["id"] = orderEvent.Id,
            ["source"] = OrderEvent.Source,
            ["type"] = orderEvent.Type,
            ["time"] = orderEvent.Time,
            ["subject"] = orderEvent.OrderId,
            ["sequence"] = orderEvent.Sequence,
            ["datacontenttype"] = "application/json",
            ["traceparent"] = trace?.Id ?? orderEvent.TraceParent,
            ["tracestate"] = trace?.TraceStateString,
            ["data"] = new
            {
                orderId = orderEvent.OrderId,
                tenant = orderEvent.Tenant,
                status = orderEvent.Status,
                reason = orderEvent.Reason,
                customerId = orderEvent.CustomerId,
                total = orderEvent.Total,
                currency = orderEvent.Currency,
            },
        }, OrdersJson.Options);
    }
}
