using System.Globalization;
using System.Text.Json;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Events;

/// <summary>
/// The <c>data</c> of an order event (see <see cref="OrderEventTypes"/>): the saga's state after the change, so any
/// single event is enough to show the order. <see cref="Read"/> refuses an event that consumers could not key or store
/// with <see cref="FunctionInputException"/>: retrying it would fail the same way, so it should be dead-lettered and
/// looked at, not stored half-right.
/// </summary>
public sealed record OrderEventData(string OrderId, string Tenant, string Status, string? Reason, string? CustomerId, decimal? Total, string? Currency)
{
    public const int MaxIdLength = 128;
    public const int MaxCustomerIdLength = 64;
    private const int MaxStatusLength = 64;
    private const int MaxReasonLength = 256;
    private const int MaxCurrencyLength = 8;

    /// <summary>Table Storage cannot hold times before 1601; an event claiming one would fail on every delivery.</summary>
    private static readonly DateTimeOffset EarliestStorableTime = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static OrderEventData Read(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var data = cloudEvent.Data;
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(cloudEvent, "data must be a JSON object");
        }

        if (cloudEvent.Time < EarliestStorableTime)
        {
            throw Invalid(cloudEvent, "time must not be before 1601-01-01");
        }

        var orderId = Key(cloudEvent, data, "orderId");
        if (!string.Equals(orderId, cloudEvent.Subject, StringComparison.Ordinal))
        {
            // The sequence counts per subject; keyed by anything else, ordering by it would mean nothing.
            throw Invalid(cloudEvent, "data.orderId must equal the subject");
        }

        return new OrderEventData(
            orderId,
            Key(cloudEvent, data, "tenant"),
            Text(cloudEvent, data, "status", MaxStatusLength, required: true)!,
            Text(cloudEvent, data, "reason", MaxReasonLength, required: false),
            Text(cloudEvent, data, "customerId", MaxCustomerIdLength, required: false),
            Number(cloudEvent, data, "total"),
            Text(cloudEvent, data, "currency", MaxCurrencyLength, required: false));
    }

    /// <summary>A value consumers use as a Table Storage key, so it must also fit in one once escaped.</summary>
    private static string Key(CloudEvent cloudEvent, JsonElement data, string name)
    {
        var text = Text(cloudEvent, data, name, MaxIdLength, required: true)!;
        return EventTableKeys.TryEscape(text) is null
            ? throw Invalid(cloudEvent, $"data.{name} is too long to be a storage key once escaped")
            : text;
    }

    private static string? Text(CloudEvent cloudEvent, JsonElement data, string name, int maxLength, bool required)
    {
        if (!data.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Invalid(cloudEvent, $"data.{name} is required") : null;
        }

        string? text;
        try
        {
            text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape is valid JSON syntax but not text, and no Table Storage key or property can hold it.
            text = null;
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > maxLength || text.Any(char.IsControl))
        {
            throw Invalid(cloudEvent, $"data.{name} must be text of 1 to {maxLength} characters without control characters");
        }

        return text;
    }

    private static decimal? Number(CloudEvent cloudEvent, JsonElement data, string name)
    {
        if (!data.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            ? number
            : throw Invalid(cloudEvent, $"data.{name} must be a decimal number");
    }

    /// <summary>The message goes back to the host and into logs, so the producer's id is cut short rather than echoed whole.</summary>
    private static FunctionInputException Invalid(CloudEvent cloudEvent, string problem)
    {
        var id = cloudEvent.Id.Length <= MaxIdLength ? cloudEvent.Id : cloudEvent.Id[..MaxIdLength] + "...";
        return new(string.Create(CultureInfo.InvariantCulture, $"Event '{id}' is not a valid order event: {problem}."));
    }
}
