using Microsoft.Extensions.Logging;

namespace Serverless.Gateway.Tests.Functions;

/// <summary>One log event as the app wrote it, with its structured properties.</summary>
public sealed record CapturedLog(
    string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Properties, Exception? Exception = null)
{
    public string? Property(string name) => Properties.TryGetValue(name, out var value) ? value?.ToString() : null;
}
