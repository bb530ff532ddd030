namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>The fleet's requests and failures to one destination within the judged part of the window.</summary>
internal readonly record struct ObservationTotals(long Requests, long Failures, int Reporters)
{
    public static readonly ObservationTotals None = new(0, 0, 0);
}
