namespace Serverless.Gateway.Auth;

/// <summary>Authentication policies, bound from the <c>Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Policies by name, e.g. <c>"orders-read": { "Require": "ApiKeyOrJwt", "Scopes": [ "orders:read" ] }</c>.</summary>
    public Dictionary<string, AuthPolicyOptions> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
