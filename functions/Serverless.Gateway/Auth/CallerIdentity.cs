using Serverless.Gateway.AccessRules;

namespace Serverless.Gateway.Auth;

/// <summary>Who an authenticated request comes from, whichever scheme proved it.</summary>
/// <param name="Scheme"><c>ApiKey</c> or <c>Bearer</c>.</param>
/// <param name="Tenant">The tenant the caller acts for; rate limits and quotas are keyed by it.</param>
/// <param name="Subject">The API key id, or the token's <c>sub</c>.</param>
/// <param name="Plan">The plan whose rate limit and quotas apply.</param>
/// <param name="Scopes">Granted scopes, e.g. <c>orders:read</c>.</param>
public sealed record CallerIdentity(string Scheme, string Tenant, string Subject, string Plan, IReadOnlyList<string> Scopes)
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";

    /// <summary>Where the caller may call from (its API key's origins and address ranges), parsed once; null when unrestricted.</summary>
    public ClientAccessRules? Access { get; init; }

    public bool HasScope(string scope)
    {
        foreach (var granted in Scopes)
        {
            if (string.Equals(granted, scope, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// For <see cref="BearerScheme"/>, the validated token's claims as header values (array items joined with
    /// <c>", "</c>; objects, and values no header can carry, left out), for claim headers naming <c>jwt:&lt;claim&gt;</c>.
    /// Null for API keys.
    /// </summary>
    public IReadOnlyDictionary<string, string>? TokenClaims { get; init; }
}
