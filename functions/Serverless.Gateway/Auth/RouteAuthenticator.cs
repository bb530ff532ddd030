using Microsoft.Extensions.Primitives;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Auth.Jwt;
using Serverless.Gateway.Problems;

namespace Serverless.Gateway.Auth;

/// <summary>
/// Finds the caller's credential (<c>X-Api-Key</c>, <c>Authorization: ApiKey</c> or <c>Authorization: Bearer</c>),
/// checks it against what the route's policy accepts, and answers with an identity or an RFC 6750-style refusal.
/// </summary>
public sealed class RouteAuthenticator(ApiKeyAuthenticator apiKeys, JwtTokenValidator jwt)
{
    private const string Realm = "realm=\"serverless-gateway\"";
    private const string ApiKeyChallenge = $"ApiKey {Realm}, header=\"{IdentityHeaders.ApiKey}\"";
    private const string BearerChallenge = $"Bearer {Realm}";

    public async ValueTask<AuthOutcome> AuthenticateAsync(HttpContext context, AuthPolicyOptions policy)
    {
        if (policy.Require == AuthRequirement.Anonymous)
        {
            return AuthOutcome.Anonymous;
        }

        var acceptsKey = policy.Require is AuthRequirement.ApiKey or AuthRequirement.ApiKeyOrJwt;
        var acceptsToken = policy.Require is AuthRequirement.Jwt or AuthRequirement.ApiKeyOrJwt;
        var (key, token) = Credentials(context.Request.Headers);
        var outcome = (acceptsKey, key, acceptsToken, token) switch
        {
            (true, not null, _, _) => FromApiKey(await apiKeys.AuthenticateAsync(key, context.RequestAborted)),
            (_, _, true, not null) => FromToken(await jwt.ValidateAsync(token, context.RequestAborted)),
            _ => Refuse(401, ProblemCodes.Unauthenticated, "Authentication required",
                $"This route needs {Accepted(acceptsKey, acceptsToken)}.", Challenge(acceptsKey, acceptsToken)),
        };

        return outcome.Identity is { } identity ? CheckScopes(identity, policy) : outcome;
    }

    private static (string? Key, string? Token) Credentials(IHeaderDictionary headers)
    {
        string? key = headers.TryGetValue(IdentityHeaders.ApiKey, out var apiKey) ? apiKey.ToString() : null;
        string? token = null;
        if (headers.TryGetValue("Authorization", out StringValues authorization))
        {
            var value = authorization.ToString();
            if (value.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
            {
                key ??= value[7..].Trim();
            }
            else if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                token = value[7..].Trim();
            }
        }

        return (key, token);
    }

    private static AuthOutcome FromApiKey(ApiKeyResult result) => result.Failure switch
    {
        ApiKeyFailure.None => new AuthOutcome(result.Identity, null),
        ApiKeyFailure.Revoked => Refuse(401, ProblemCodes.ApiKeyRevoked, "API key revoked", "The API key has been revoked.", ApiKeyChallenge),
        ApiKeyFailure.Expired => Refuse(401, ProblemCodes.ApiKeyExpired, "API key expired", "The API key has expired.", ApiKeyChallenge),
        ApiKeyFailure.Unavailable => Refuse(503, ProblemCodes.AuthUnavailable, "Authentication unavailable",
            "The API key could not be checked because key storage is unreachable; retry shortly.", null),
        _ => Refuse(401, ProblemCodes.InvalidApiKey, "Invalid API key", "The API key is not valid.", ApiKeyChallenge),
    };

    private static AuthOutcome FromToken(JwtValidationResult result) => result switch
    {
        { Identity: { } identity } => new AuthOutcome(identity, null),
        { Failure: JwtFailure.KeysUnavailable } => Refuse(503, ProblemCodes.AuthUnavailable, "Authentication unavailable",
            "The identity provider's signing keys cannot be fetched; retry shortly.", null),
        _ => Refuse(401, ProblemCodes.InvalidToken, "Invalid token", result.Description ?? "The bearer token is not valid.",
            $"{BearerChallenge}, error=\"{result.Error}\", error_description=\"{result.Description}\""),
    };

    private static AuthOutcome CheckScopes(CallerIdentity identity, AuthPolicyOptions policy)
    {
        foreach (var scope in policy.Scopes)
        {
            if (!identity.HasScope(scope))
            {
                var required = string.Join(' ', policy.Scopes);
                var challenge = identity.Scheme == CallerIdentity.BearerScheme
                    ? $"{BearerChallenge}, error=\"insufficient_scope\", scope=\"{required}\""
                    : null;
                return Refuse(403, ProblemCodes.InsufficientScope, "Insufficient scope",
                    $"This route needs the scopes '{required}'; the caller lacks '{scope}'.", challenge);
            }
        }

        return new AuthOutcome(identity, null);
    }

    private static string Accepted(bool key, bool token) => (key, token) switch
    {
        (true, true) => "an API key (X-Api-Key or Authorization: ApiKey) or a bearer token",
        (true, false) => "an API key (X-Api-Key or Authorization: ApiKey)",
        _ => "a bearer token (Authorization: Bearer)",
    };

    private static string Challenge(bool key, bool token) => (key, token) switch
    {
        (true, true) => $"{ApiKeyChallenge}, {BearerChallenge}",
        (true, false) => ApiKeyChallenge,
        _ => BearerChallenge,
    };

    private static AuthOutcome Refuse(int status, string code, string title, string detail, string? challenge) =>
        new(null, new AuthRefusal(status, code, title, detail, challenge));
}
