using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Orders;

/// <summary>
/// A message on the saga queue. <c>wake</c> advances the order when its <see cref="Driver"/> is still the current one;
/// <c>reminder</c> only sends what the order's outbox still holds.
/// </summary>
public sealed record SagaMessage(
    [property: JsonPropertyName("orderId")] string OrderId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("driver")] string? Driver)
{
    public const string WakeKind = "wake";
    public const string ReminderKind = "reminder";

    public static SagaMessage Wake(string orderId, string driver) => new(orderId, WakeKind, driver);

    public static SagaMessage Reminder(string orderId) => new(orderId, ReminderKind, null);

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads a message body, throwing <see cref="FunctionInputException"/> with the reason when it is malformed.</summary>
    public static SagaMessage Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new FunctionInputException($"A saga message must be a JSON object, but was {body.ValueKind}.");
        }

        try
        {
            return Read(new InvocationValues(body));
        }
        catch (InvalidOperationException exception)
        {
            // Text the JSON reader cannot decode (a lone surrogate, say) is bad input, not a failure of the function.
            throw new FunctionInputException($"A saga message holds text that cannot be decoded: {exception.Message}");
        }
    }

    private static SagaMessage Read(InvocationValues values)
    {
        var orderId = values.GetString("orderId");
        if (!OrderIds.IsWellFormed(orderId))
        {
            throw new FunctionInputException("A saga message needs an 'orderId' of 32 lowercase hexadecimal characters.");
        }

        return values.GetString("kind") switch
        {
            WakeKind when values.GetString("driver") is { Length: > 0 and <= 64 } driver => Wake(orderId!, driver),
            WakeKind => throw new FunctionInputException("A wake message needs a 'driver' of 1 to 64 characters."),
            ReminderKind => Reminder(orderId!),
            var kind => throw new FunctionInputException($"A saga message's 'kind' must be '{WakeKind}' or '{ReminderKind}', not '{kind}'."),
        };
    }
}
