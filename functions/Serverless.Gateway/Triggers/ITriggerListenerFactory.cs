using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

/// <summary>
/// Creates listeners for one trigger type in standalone mode, where no extension bundle exists. Queue and timer
/// triggers ship; another type (such as <c>serviceBusTrigger</c> mapped onto Storage queues) plugs in by registering
/// a factory with <c>TryAddEnumerable</c>. A function whose trigger type has no factory fails start-up.
/// </summary>
public interface ITriggerListenerFactory
{
    /// <summary>The function.json trigger <c>type</c> this factory handles, such as <c>queueTrigger</c>.</summary>
    string TriggerType { get; }

    /// <summary>Creates the listener for a function whose <c>%AppSetting%</c> expressions are already resolved; throws for invalid bindings.</summary>
    ITriggerListener Create(FunctionDescriptor descriptor);
}
