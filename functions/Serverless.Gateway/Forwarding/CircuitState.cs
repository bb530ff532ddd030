namespace Serverless.Gateway.Forwarding;

/// <summary>Where a <see cref="DestinationBreaker"/> stands.</summary>
public enum CircuitState
{
    /// <summary>Calls go through and their outcomes are counted.</summary>
    Closed,

    /// <summary>Calls are refused until the break ends.</summary>
    Open,

    /// <summary>The break has ended and one probe is on its way; its outcome closes or reopens the circuit.</summary>
    HalfOpen,
}
