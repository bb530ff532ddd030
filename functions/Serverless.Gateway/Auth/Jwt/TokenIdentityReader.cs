using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Serverless.Gateway.Auth.Jwt;

/// <summary>Maps a validated token's claims to a <see cref="CallerIdentity"/> as <see cref="JwtOptions"/> names them.</summary>
internal sealed class TokenIdentityReader(JwtOptions options)
{
    private const string ObjectIdClaim = "oid";

    public JwtValidationResult Read(JsonWebToken token)
    {
        if (String(token, options.TenantClaim) is not { } tenant)
        {
            return JwtValidationResult.Fail(JwtFailure.MissingClaim, $"The token has no tenant claim '{options.TenantClaim}'.");
        }

        if ((String(token, options.SubjectClaim) ?? String(token, ObjectIdClaim)) is not { } subject)
        {
            return JwtValidationResult.Fail(JwtFailure.MissingClaim, $"The token has no subject claim '{options.SubjectClaim}' or '{ObjectIdClaim}'.");
        }

        var plan = String(token, options.PlanClaim) ?? options.DefaultPlan;
        var scopes = Scopes(token);

        // The identity becomes header values towards the backend. A value that cannot travel as exactly one header
        // value (after a CR LF, the rest would be a header of its own) makes the whole token unusable.
        if (!IdentityHeaders.IsValidValue(tenant) || !IdentityHeaders.IsValidValue(subject) || !IdentityHeaders.IsValidValue(plan)
            || !scopes.TrueForAll(IdentityHeaders.IsValidScope))
        {
            return JwtValidationResult.Fail(JwtFailure.InvalidClaim,
                "The token's tenant, subject, plan or a scope holds characters that cannot be passed on in a header: control characters, spaces at either end, or a space inside a scope.");
        }

        return JwtValidationResult.Success(new CallerIdentity(CallerIdentity.BearerScheme, tenant, subject, plan, scopes) { TokenClaims = Claims(token) });
    }

    /// <summary>
    /// Every top-level claim as one header value, read once per token (the validation cache keeps the result): an array
    /// becomes its items joined with <c>", "</c>, as HTTP joins repeated header lines. Objects, and claims with a value no
    /// header can carry as it is (control characters, spaces at either end), are left out rather than refusing the
    /// token: they reach the backend only if a route names them, and then as an absent header.
    /// </summary>
    private static Dictionary<string, string> Claims(JsonWebToken token)
    {
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        HashSet<string>? unusable = null;
        foreach (var claim in token.Claims)
        {
            if (unusable?.Contains(claim.Type) == true)
            {
                continue;
            }

            if (claim.ValueType is JsonClaimValueTypes.Json or JsonClaimValueTypes.JsonArray or JsonClaimValueTypes.JsonNull
                || !IdentityHeaders.IsValidValue(claim.Value))
            {
                (unusable ??= new HashSet<string>(StringComparer.Ordinal)).Add(claim.Type);
                claims.Remove(claim.Type);
                continue;
            }

            var value = claim.ValueType == ClaimValueTypes.Boolean ? claim.Value.ToLowerInvariant() : claim.Value;
            claims[claim.Type] = claims.TryGetValue(claim.Type, out var earlier) ? $"{earlier}, {value}" : value;
        }

        return claims;
    }

    private static string? String(JsonWebToken token, string claim) =>
        token.TryGetPayloadValue<object>(claim, out var value) && value is string { Length: > 0 } text ? text : null;

    /// <summary>OAuth's <c>scope</c> and Entra's <c>scp</c> are space-separated strings; Entra's <c>roles</c> and others' <c>scp</c> are arrays.</summary>
    private List<string> Scopes(JsonWebToken token)
    {
        var scopes = new List<string>();
        foreach (var claim in options.ScopeClaims)
        {
            if (!token.TryGetPayloadValue<object>(claim, out var value))
            {
                continue;
            }

            if (value is string text)
            {
                foreach (var scope in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    AddDistinct(scopes, scope);
                }
            }
            else if (value is JsonElement { ValueKind: JsonValueKind.Array } array)
            {
                foreach (var item in array.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } scope)
                    {
                        AddDistinct(scopes, scope);
                    }
                }
            }
        }

        return scopes;
    }

    private static void AddDistinct(List<string> scopes, string scope)
    {
        if (!scopes.Contains(scope, StringComparer.Ordinal))
        {
            scopes.Add(scope);
        }
    }
}
