namespace Serverless.Gateway.Events;

/// <summary>
/// How many times the runtime that delivers a subscription's messages tries one before it dead-letters it, so that the
/// last failure is counted as dead-lettered. The composition root picks the implementation for the hosting mode.
/// </summary>
public interface IEventDeliveryLimit
{
    int MaxDeliveries { get; }
}
