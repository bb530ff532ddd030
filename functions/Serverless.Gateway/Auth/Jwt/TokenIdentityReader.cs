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
        return JwtValidationResult.Success(new CallerIdentity(CallerIdentity.BearerScheme, tenant, subject, plan, Scopes(token)));
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
