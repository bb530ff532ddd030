namespace Serverless.Samples.Participants;

internal sealed record ReservationRequest(string? OrderId, IReadOnlyList<ReservationLine>? Lines);

internal sealed record ReservationLine(string? Sku, int Quantity);

internal sealed record Reservation(string ReservationId, string OrderId, IReadOnlyList<ReservationLine> Lines)
{
    public string Status { get; set; } = "held";
}
