namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// The fleet's judgement of one destination, as a prober published it.
/// </summary>
/// <param name="InRotation">False while the fleet keeps the destination out of the load-balancing rotation.</param>
/// <param name="Source">What the verdict rests on (<see cref="VerdictSource"/>).</param>
/// <param name="Since">When the destination last left or re-entered the rotation.</param>
/// <param name="JudgedFrom">Observations before this moment do not count: those before the destination re-entered the rotation.</param>
/// <param name="Requests">Requests to the destination the fleet reported within the window.</param>
/// <param name="Failures">Of those, the destination's failures.</param>
/// <param name="Reporters">Instances whose observations are in the window.</param>
/// <param name="Probe">The latest conclusion of the destination's probes.</param>
/// <param name="ProbedAt">When that conclusion was reached; null without probes.</param>
/// <param name="JudgedBy">The instance that judged.</param>
/// <param name="JudgedAt">When it judged.</param>
internal sealed record FleetVerdict(
    bool InRotation,
    string Source,
    DateTimeOffset Since,
    DateTimeOffset JudgedFrom,
    long Requests,
    long Failures,
    int Reporters,
    ProbeStatus Probe,
    DateTimeOffset? ProbedAt,
    string JudgedBy,
    DateTimeOffset JudgedAt)
{
    public double FailureRatio => Requests == 0 ? 0 : (double)Failures / Requests;
}
