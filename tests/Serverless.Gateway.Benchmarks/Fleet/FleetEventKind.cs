namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>What happens to some instances during a scenario.</summary>
public enum FleetEventKind
{
    /// <summary>New instances start: a first round (which learns the fleet's size), then requests and rounds.</summary>
    Join,

    /// <summary>Instances stop gracefully: out of the load balancer, then a last round that writes their counts.</summary>
    Leave,

    /// <summary>Instances run no rounds for a while (a starved or paused process) but keep taking requests.</summary>
    Stall,

    /// <summary>Instances die: out of the load balancer, no last round, nothing in flight answered.</summary>
    Crash,
}
