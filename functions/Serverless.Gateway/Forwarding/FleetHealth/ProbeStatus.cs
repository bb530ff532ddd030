namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>What the active health probes of a destination last concluded.</summary>
internal enum ProbeStatus
{
    /// <summary>Not probed (probing off, or no conclusive probe yet).</summary>
    Unknown,

    /// <summary>The last probe succeeded.</summary>
    Up,

    /// <summary><c>FailureThreshold</c> probes in a row failed.</summary>
    Down,
}
