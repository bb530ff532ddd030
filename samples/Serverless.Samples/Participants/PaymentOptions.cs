namespace Serverless.Samples.Participants;

/// <summary>Settings of the demo payment service, chiefly which charges its imaginary card network declines.</summary>
public sealed class PaymentOptions : ParticipantOptions
{
    /// <summary>Customers whose every charge is declined.</summary>
    public IReadOnlyCollection<string> DeclinedCustomerIds { get; init; } = [];

    /// <summary>Charges above this amount are declined; <see langword="null"/> declines none for their amount.</summary>
    public decimal? DeclineAmountsAbove { get; init; }
}
