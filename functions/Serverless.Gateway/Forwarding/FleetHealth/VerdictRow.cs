namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>A prober's verdict on one destination; each prober writes its own row, and readers take the most recent.</summary>
internal sealed record VerdictRow(string Backend, string Destination, FleetVerdict Verdict, DateTimeOffset LeaseUntil)
{
    public FleetRowKey Key => FleetHealthKeys.Verdict(Backend, Destination, Verdict.JudgedBy);
}
