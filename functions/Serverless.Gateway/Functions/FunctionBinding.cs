using System.Buffers;
using System.Text.Json;

namespace Serverless.Gateway.Functions;

/// <summary>
/// One entry of a function.json <c>bindings</c> array: <c>type</c>, <c>direction</c> and <c>name</c>, followed by the
/// binding's own properties in declaration order (so generated files are stable and diff cleanly).
/// </summary>
public sealed class FunctionBinding
{
    public const string HttpTriggerType = "httpTrigger";
    public const string HttpType = "http";
    public const string QueueTriggerType = "queueTrigger";
    public const string QueueType = "queue";
    public const string TimerTriggerType = "timerTrigger";
    public const string ServiceBusTriggerType = "serviceBusTrigger";

    private readonly OrderedDictionary<string, JsonElement> _properties;

    public FunctionBinding(string type, BindingDirection direction, string name, IEnumerable<KeyValuePair<string, JsonElement>>? properties = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Type = type;
        Direction = direction;
        Name = name;

        // The host reads binding properties case-insensitively, so lookups here do too.
        _properties = new OrderedDictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in properties ?? [])
        {
            _properties.Add(key, value.Clone());
        }
    }

    public string Type { get; }

    public BindingDirection Direction { get; }

    public string Name { get; }

    /// <summary>Every property except <c>type</c>, <c>direction</c> and <c>name</c>, in file order.</summary>
    public IReadOnlyDictionary<string, JsonElement> Properties => _properties;

    /// <summary>Triggers are the bindings whose type ends in <c>Trigger</c>, as the host decides it.</summary>
    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    public string? GetString(string property) =>
        _properties.TryGetValue(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string GetRequiredString(string property) =>
        GetString(property) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Binding '{Name}' ({Type}) has no '{property}' property.");

    /// <summary>Returns a copy whose string properties are passed through <paramref name="resolve"/> (for <c>%AppSetting%</c> expressions).</summary>
    public FunctionBinding WithResolvedStrings(Func<string, string, string> resolve) =>
        new(Type, Direction, Name, _properties.Select(pair => pair.Value.ValueKind == JsonValueKind.String
            ? Property(pair.Key, resolve(pair.Key, pair.Value.GetString()!))
            : pair));

    public static FunctionBinding HttpTrigger(string name, string authLevel, IReadOnlyList<string> methods, string route) =>
        new(HttpTriggerType, BindingDirection.In, name,
        [
            Property("authLevel", authLevel),
            Property("methods", methods),
            Property("route", route),
        ]);

    public static FunctionBinding HttpOutput(string name) => new(HttpType, BindingDirection.Out, name);

    public static FunctionBinding QueueTrigger(string name, string queueName, string connection) =>
        new(QueueTriggerType, BindingDirection.In, name, [Property("queueName", queueName), Property("connection", connection)]);

    public static FunctionBinding QueueOutput(string name, string queueName, string connection) =>
        new(QueueType, BindingDirection.Out, name, [Property("queueName", queueName), Property("connection", connection)]);

    /// <summary>A topic subscription trigger; <paramref name="connection"/> names the setting prefix of the namespace (<c>__fullyQualifiedNamespace</c>).</summary>
    public static FunctionBinding ServiceBusTopicTrigger(string name, string topicName, string subscriptionName, string connection) =>
        new(ServiceBusTriggerType, BindingDirection.In, name,
        [
            Property("topicName", topicName),
            Property("subscriptionName", subscriptionName),
            Property("connection", connection),
        ]);


    public static FunctionBinding TimerTrigger(string name, string schedule) =>
        new(TimerTriggerType, BindingDirection.In, name, [Property("schedule", schedule)]);

    private static KeyValuePair<string, JsonElement> Property(string key, string value) =>
        KeyValuePair.Create(key, Written(writer => writer.WriteStringValue(value)));

    private static KeyValuePair<string, JsonElement> Property(string key, IReadOnlyList<string> values) =>
        KeyValuePair.Create(key, Written(writer =>
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }));

    // Written out directly: every start builds the gateway's bindings, and the reflection-based serializer would spend
    // tens of milliseconds of it working out how to write a string.
    private static JsonElement Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
