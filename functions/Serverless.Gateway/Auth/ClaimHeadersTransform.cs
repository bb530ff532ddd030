using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Transforms;

namespace Serverless.Gateway.Auth;

/// <summary>
/// Passes claims of the verified caller to the backend under the route's header names. Any copy the client sent, in
/// any spelling a backend might read as the same header, is removed first, so a backend can trust these headers as it
/// trusts the gateway's identity headers; a caller without the claim (anonymous, or an API key for a token claim) gets
/// no header at all.
/// </summary>
internal sealed class ClaimHeadersTransform(string[] headers, CallerClaim[] claims) : RequestTransform
{
    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        HeaderAliases.Remove(context.HttpContext, context.ProxyRequest, headers);
        if (context.HttpContext.Features.Get<CallerIdentityFeature>()?.Identity is not { } identity)
        {
            return default;
        }

        for (var i = 0; i < headers.Length; i++)
        {
            // The identity's values were checked when the key or token was read; checked again because a header value
            // with a CR LF would start a header of the caller's choosing.
            if (ValueOf(identity, claims[i]) is { } value && IdentityHeaders.IsValidValue(value))
            {
                context.ProxyRequest.Headers.TryAddWithoutValidation(headers[i], value);
            }
        }

        return default;
    }

    private static string? ValueOf(CallerIdentity identity, CallerClaim claim) => claim.Kind switch
    {
        CallerClaimKind.Tenant => identity.Tenant,
        CallerClaimKind.Subject => identity.Subject,
        CallerClaimKind.Plan => identity.Plan,
        CallerClaimKind.Scopes => identity.Scopes.Count == 0 ? null : string.Join(' ', identity.Scopes),
        _ => identity.TokenClaims is { } tokenClaims && tokenClaims.TryGetValue(claim.TokenClaim!, out var value) ? value : null,
    };
}
