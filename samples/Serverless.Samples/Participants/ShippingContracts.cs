namespace Serverless.Samples.Participants;

internal sealed record ShipmentRequest(string? OrderId, ShipmentAddress? Address);

internal sealed record ShipmentAddress(string? Country, string? City, string? PostalCode, string? Line1);

internal sealed record Shipment(string ShipmentId, string OrderId, string Country)
{
    public string Status { get; set; } = "created";
}
