namespace Serverless.Samples.Participants;

/// <summary>Settings of the demo shipping service.</summary>
public sealed class ShippingOptions : ParticipantOptions
{
    /// <summary>Country codes the carrier does not deliver to (compared case-insensitively).</summary>
    public IReadOnlyCollection<string> UnserviceableCountries { get; init; } = [];
}
