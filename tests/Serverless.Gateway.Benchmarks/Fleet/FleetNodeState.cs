namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>Where a simulated instance is in its life.</summary>
public enum FleetNodeState
{
    /// <summary>Running its first round, before it takes requests (the host runs one before the server listens).</summary>
    Starting,

    /// <summary>Taking requests and running rounds on its schedule.</summary>
    Serving,

    /// <summary>Out of the load balancer; its last round runs once the one in flight ends.</summary>
    Leaving,

    /// <summary>Stopped after its last round, or crashed.</summary>
    Gone,
}
