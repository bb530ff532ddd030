namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>Where a shared record lives in the table.</summary>
internal readonly record struct FleetRowKey(string Partition, string Row);
