namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>A live instance: it renews the row every presence interval, and others count it until the lease ends.</summary>
internal sealed record PresenceRow(string Instance, DateTimeOffset LeaseUntil)
{
    public FleetRowKey Key => FleetHealthKeys.Presence(Instance);
}
