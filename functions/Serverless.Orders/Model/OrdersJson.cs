using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Orders.Model;

/// <summary>How orders, histories and participant requests are written: camelCase, enums as names (their own converters), nulls left out.</summary>
public static class OrdersJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
