using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Auth.Assertions;

/// <summary>
/// Signs identity assertions, off the hot path: an assertion is signed once per caller and backend and reused until
/// half its lifetime has passed (bounded by <see cref="IdentityAssertionOptions.CacheSize"/>), so a request usually
/// costs a clock read and a dictionary look-up, not an ECDSA signature.
/// </summary>
internal sealed class IdentityAssertionIssuer(IdentityAssertionKeys keys, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Whether there is a key to sign with.</summary>
    public bool CanSign => keys.Current.Active is not null;

    /// <summary>The assertion that <paramref name="caller"/> is calling the backend <paramref name="audience"/>; null when there is no key to sign with.</summary>
    public string? GetAssertion(CallerIdentity caller, string audience)
    {
        var ring = keys.Current;
        if (ring.Active is not { } key)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var cacheKey = new AssertionCacheKey(caller, audience);
        if (ring.Assertions is { } cache && cache.TryGet(cacheKey, now, out var cached))
        {
            return cached;
        }

        var assertion = Sign(ring, key, caller, audience, now);
        ring.Assertions?.Add(cacheKey, assertion, now + (ring.Lifetime / 2));
        return assertion;
    }

    private static string Sign(AssertionKeyRing ring, AssertionSigningKey key, CallerIdentity caller, string audience, DateTimeOffset now)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [GatewayAssertion.SubjectClaim] = caller.Subject,
            [GatewayAssertion.TenantClaim] = caller.Tenant,
            [GatewayAssertion.PlanClaim] = caller.Plan,
            [GatewayAssertion.SchemeClaim] = caller.Scheme,
        };
        if (caller.Scopes.Count > 0)
        {
            claims[GatewayAssertion.ScopeClaim] = string.Join(' ', caller.Scopes);
        }

        var issuedAt = now.UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = GatewayAssertion.TokenType,
            Issuer = ring.Issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + ring.Lifetime,
            Claims = claims,
            SigningCredentials = key.Credentials,
        });
    }
}
