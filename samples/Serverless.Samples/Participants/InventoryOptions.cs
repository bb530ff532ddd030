namespace Serverless.Samples.Participants;

/// <summary>Settings of the demo inventory service.</summary>
public sealed class InventoryOptions : ParticipantOptions
{
    /// <summary>Units in stock per SKU when the service starts; an SKU not listed has none.</summary>
    public IReadOnlyDictionary<string, int> InitialStock { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);
}
