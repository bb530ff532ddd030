using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

using Serverless.Orders.Model;

namespace Serverless.Orders.Api;

/// <summary>
/// Reads a <c>POST /orders</c> body field by field, so a client learns every problem at once, each under the JSON
/// path of the field (<c>items[1].quantity</c>), instead of the first deserializer exception.
/// </summary>
public static class OrderRequestReader
{
    public const int MaxItems = 100;
    public const int MaxQuantity = 10_000;
    public const decimal MaxUnitPrice = 1_000_000m;
    private const int MaxDecimals = 3;

    private static readonly HashSet<string> TopLevelFields = new(StringComparer.Ordinal) { "customerId", "currency", "items", "shippingAddress" };
    private static readonly HashSet<string> ItemFields = new(StringComparer.Ordinal) { "sku", "quantity", "unitPrice" };
    private static readonly HashSet<string> AddressFields = new(StringComparer.Ordinal) { "line1", "city", "postalCode", "country" };

    public static PlacedOrder? Read(JsonNode? body, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (body is not JsonObject root)
        {
            errors[""] = ["The body must be a JSON object."];
            return null;
        }

        RejectUnknown(root, TopLevelFields, "", errors);
        var customerId = Text(root, "customerId", "customerId", 64, errors);
        var currency = Code(root, "currency", "currency", 3, "an ISO 4217 code such as EUR", errors);
        if (currency is not null && !IsoCurrencies.IsActive(currency))
        {
            errors["currency"] = [$"'{currency}' is not an active ISO 4217 currency code; use one such as EUR, USD or NOK."];
            currency = null;
        }

        var items = Items(root, errors);
        var address = Address(root, errors);
        return errors.Count == 0 ? new PlacedOrder(customerId!, currency!, items!, address!) : null;
    }

    private static List<OrderItem>? Items(JsonObject root, Dictionary<string, string[]> errors)
    {
        if (root["items"] is not JsonArray array)
        {
            errors["items"] = ["Required: an array of 1 to 100 items."];
            return null;
        }

        if (array.Count is 0 or > MaxItems)
        {
            errors["items"] = [$"Must hold 1 to {MaxItems} items, not {array.Count}."];
            return null;
        }

        var items = new List<OrderItem>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"items[{i}]";
            if (array[i] is not JsonObject item)
            {
                errors[path] = ["Must be an object with sku, quantity and unitPrice."];
                continue;
            }

            RejectUnknown(item, ItemFields, path + ".", errors);
            var sku = Sku(item, path + ".sku", errors);
            var quantity = Quantity(item, path + ".quantity", errors);
            var price = Price(item, path + ".unitPrice", errors);
            if (sku is not null && quantity is { } q && price is { } p)
            {
                items.Add(new OrderItem(sku, q, p));
            }
        }

        return items;
    }

    private static ShippingAddress? Address(JsonObject root, Dictionary<string, string[]> errors)
    {
        if (root["shippingAddress"] is not JsonObject address)
        {
            errors["shippingAddress"] = ["Required: an object with line1, city, postalCode and country."];
            return null;
        }

        RejectUnknown(address, AddressFields, "shippingAddress.", errors);
        var line1 = Text(address, "line1", "shippingAddress.line1", 200, errors);
        var city = Text(address, "city", "shippingAddress.city", 100, errors);
        var postalCode = Text(address, "postalCode", "shippingAddress.postalCode", 20, errors);
        var country = Code(address, "country", "shippingAddress.country", 2, "an ISO 3166-1 alpha-2 code such as NO", errors);
        return line1 is null || city is null || postalCode is null || country is null ? null : new ShippingAddress(line1, city, postalCode, country);
    }

    private static string? Text(JsonObject node, string name, string path, int maxLength, Dictionary<string, string[]> errors)
    {
        var value = String(node, name);
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength || value.Any(char.IsControl))
        {
            errors[path] = [$"Required: text of 1 to {maxLength} characters without control characters."];
            return null;
        }

        return value.Trim();
    }

    private static string? Code(JsonObject node, string name, string path, int length, string example, Dictionary<string, string[]> errors)
    {
        var value = String(node, name);
        if (value is null || value.Length != length || !value.All(char.IsAsciiLetterUpper))
        {
            errors[path] = [$"Required: {example} ({length} capital letters)."];
            return null;
        }

        return value;
    }

    private static string? Sku(JsonObject node, string path, Dictionary<string, string[]> errors)
    {
        var value = String(node, "sku");
        if (string.IsNullOrEmpty(value) || value.Length > 64 || !value.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors[path] = ["Required: 1 to 64 letters, digits, '-', '_' or '.'."];
            return null;
        }

        return value;
    }

    private static int? Quantity(JsonObject node, string path, Dictionary<string, string[]> errors)
    {
        if (node["quantity"] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && value.TryGetValue(out int quantity) && quantity is >= 1 and <= MaxQuantity)
        {
            return quantity;
        }

        errors[path] = [$"Required: a whole number from 1 to {MaxQuantity}."];
        return null;
    }

    private static decimal? Price(JsonObject node, string path, Dictionary<string, string[]> errors)
    {
        // Longer numbers would be rounded by the parse before the decimal places are checked, and accepted silently.
        if (node["unitPrice"] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.ToJsonString() is { Length: <= 28 } text
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var price)
            && price > 0 && price <= MaxUnitPrice && decimal.Round(price, MaxDecimals) == price)
        {
            // Dropping trailing zeros makes 1.250 and 1.25 the same order, so a retry that formats prices differently is a replay.
            return price / 1.0000000000000000000000000000m;
        }

        errors[path] = [$"Required: a number above 0 and at most {MaxUnitPrice}, with at most {MaxDecimals} decimal places."];
        return null;
    }

    private static string? String(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static void RejectUnknown(JsonObject node, HashSet<string> known, string prefix, Dictionary<string, string[]> errors)
    {
        foreach (var (name, _) in node)
        {
            if (!known.Contains(name))
            {
                errors[prefix + name] = [$"Unknown field; expected {string.Join(", ", known)}."];
            }
        }
    }
}
