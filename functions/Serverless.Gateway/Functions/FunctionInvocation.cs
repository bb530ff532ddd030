using System.Text.Json;

namespace Serverless.Gateway.Functions;

/// <summary>One invocation's input, in the shape the Functions host sends a custom handler: Data (keyed by binding name) and Metadata.</summary>
public sealed class FunctionInvocation(string functionName, string invocationId, JsonElement data, JsonElement metadata)
{
    public string FunctionName { get; } = functionName;

    /// <summary>The host's invocation id under the host; a fresh id in standalone mode.</summary>
    public string InvocationId { get; } = invocationId;

    /// <summary>Trigger and input binding values, keyed by binding name.</summary>
    public InvocationValues Data { get; } = new(data);

    /// <summary>Trigger metadata, such as a queue message's DequeueCount and Id.</summary>
    public InvocationValues Metadata { get; } = new(metadata);
}
