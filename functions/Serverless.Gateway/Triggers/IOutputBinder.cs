using System.Text.Json;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

/// <summary>
/// Writes one output binding type in standalone mode (under the host the extension bundle does it): <c>queue</c>, and
/// <c>serviceBus</c> with topics mapped onto one Storage queue per subscription. Another type plugs in by registering an
/// implementation with <c>TryAddEnumerable</c>; a function with an output type that has no binder fails start-up.
/// </summary>
public interface IOutputBinder
{
    /// <summary>The function.json binding <c>type</c> this binder writes, such as <c>queue</c>.</summary>
    string BindingType { get; }

    /// <summary>Writes each message; called only after the function succeeded, with at least one message.</summary>
    Task WriteAsync(FunctionBinding binding, IReadOnlyList<JsonElement> messages, CancellationToken cancellationToken);
}
