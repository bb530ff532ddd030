namespace Serverless.Gateway.Events;

/// <summary>
/// The business end of a downstream function. It sees each event at least once and possibly out of order; the pipeline
/// around it drops events it has already processed (by id), so it only needs to cope with order and with repeats after
/// a crash, which its own writes should make harmless.
/// </summary>
public interface IEventConsumer
{
    /// <summary>The subscription and metrics name, e.g. <c>projection</c>.</summary>
    string Name { get; }

    ValueTask<EventOutcome> ConsumeAsync(CloudEvent cloudEvent, CancellationToken cancellationToken);
}
