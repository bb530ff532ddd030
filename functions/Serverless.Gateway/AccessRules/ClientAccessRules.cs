namespace Serverless.Gateway.AccessRules;

/// <summary>Where a caller may call from: the origins a browser may send and the client addresses, parsed once.</summary>
/// <param name="Origins">Allowed <c>Origin</c> values, or null when any origin (or none) is fine.</param>
/// <param name="Addresses">Allowed and denied client addresses, or null when any address is fine.</param>
public sealed record ClientAccessRules(OriginAllowList? Origins, IpRuleSet? Addresses)
{
    /// <summary>The rules from stored entries, or null when there are none, so an unrestricted caller costs one null check.</summary>
    public static ClientAccessRules? Create(IReadOnlyCollection<string> origins, IReadOnlyCollection<string> allowIps, IReadOnlyCollection<string> denyIps)
    {
        ArgumentNullException.ThrowIfNull(origins);
        var addresses = IpRuleSet.Create(allowIps, denyIps);
        return origins.Count == 0 && addresses is null ? null : new ClientAccessRules(origins.Count == 0 ? null : OriginAllowList.Create(origins), addresses);
    }
}
