using System.Text.Json.Serialization;

namespace Serverless.Orders.Model;

/// <summary>Where an order's saga stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    /// <summary>Accepted; no step has run yet.</summary>
    Pending,

    /// <summary>Running its steps.</summary>
    Running,

    /// <summary>Undoing completed steps in reverse order after a rejection, timeout, failure or cancellation.</summary>
    Compensating,

    /// <summary>Every step succeeded. Terminal.</summary>
    Completed,

    /// <summary>Every completed step was undone. Terminal.</summary>
    Cancelled,

    /// <summary>A compensation failed beyond its retry budget; an operator must look and then retry.</summary>
    NeedsAttention,
}
