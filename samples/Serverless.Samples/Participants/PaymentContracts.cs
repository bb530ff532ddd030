namespace Serverless.Samples.Participants;

internal sealed record ChargeRequest(string? OrderId, decimal Amount, string? Currency, string? CustomerId);

internal sealed record Charge(string ChargeId, string OrderId, string CustomerId, decimal Amount, string Currency)
{
    public string Status { get; set; } = "succeeded";
}

internal sealed record Refund(string RefundId, string ChargeId, string OrderId, decimal Amount, string Currency);

internal sealed record Decline(string OrderId, string CustomerId, decimal Amount, string Currency, string Reason);
