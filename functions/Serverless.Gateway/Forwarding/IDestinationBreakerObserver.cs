namespace Serverless.Gateway.Forwarding;

/// <summary>What a <see cref="DestinationBreaker"/> tells the rest of the gateway when its circuit changes state.</summary>
public interface IDestinationBreakerObserver
{
    void Opened(TimeSpan breakDuration);

    void HalfOpened();

    void Closed();
}
