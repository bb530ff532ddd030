using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Gateway.Orders;

/// <summary>How orders and histories are stored: camelCase, enums as names (their own converters), nulls left out.</summary>
public static class OrdersJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
