namespace Serverless.Gateway.Routing;

/// <summary>A claim of the caller as <see cref="RouteTransformsOptions.ClaimHeaders"/> names it: <c>tenant</c>, <c>subject</c>, <c>plan</c>, <c>scopes</c> or <c>jwt:&lt;claim&gt;</c>.</summary>
/// <param name="Kind">The part of the identity.</param>
/// <param name="TokenClaim">For <see cref="CallerClaimKind.Jwt"/>, the claim's name in the token (case-sensitive, as JSON is); otherwise null.</param>
internal readonly record struct CallerClaim(CallerClaimKind Kind, string? TokenClaim)
{
    public const string JwtPrefix = "jwt:";

    /// <summary>What may be written, for error messages.</summary>
    public const string Forms = "tenant, subject, plan, scopes or jwt:<claim name>";

    public static bool TryParse(string? text, out CallerClaim claim)
    {
        claim = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.StartsWith(JwtPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var name = text[JwtPrefix.Length..];
            if (name.Length == 0 || name.Any(static c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                return false;
            }

            claim = new CallerClaim(CallerClaimKind.Jwt, name);
            return true;
        }

        CallerClaimKind? kind = text.ToLowerInvariant() switch
        {
            "tenant" => CallerClaimKind.Tenant,
            "subject" => CallerClaimKind.Subject,
            "plan" => CallerClaimKind.Plan,
            "scopes" => CallerClaimKind.Scopes,
            _ => null,
        };
        if (kind is not { } known)
        {
            return false;
        }

        claim = new CallerClaim(known, null);
        return true;
    }
}
