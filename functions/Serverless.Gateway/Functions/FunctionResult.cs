using System.Text.Json;

namespace Serverless.Gateway.Functions;

/// <summary>
/// What an invocation returns, in the shape the host expects back: output binding values keyed by binding name
/// (a JSON array means one message per element), log lines, and an optional return value.
/// </summary>
public sealed class FunctionResult
{
    public static FunctionResult Empty { get; } = new();

    public IReadOnlyDictionary<string, JsonElement> Outputs { get; init; } = new Dictionary<string, JsonElement>();

    public IReadOnlyList<string> Logs { get; init; } = [];

    public JsonElement? ReturnValue { get; init; }

    /// <summary>The messages an output value stands for: each element of an array, nothing for null, else the value itself.</summary>
    public static IReadOnlyList<JsonElement> Messages(JsonElement output) => output.ValueKind switch
    {
        JsonValueKind.Array => [.. output.EnumerateArray()],
        JsonValueKind.Null or JsonValueKind.Undefined => [],
        _ => [output],
    };
}
