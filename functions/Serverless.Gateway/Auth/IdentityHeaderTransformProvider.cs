using Serverless.Gateway.Problems;
using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Serverless.Gateway.Auth;

/// <summary>
/// On every route: drops the caller's API key and any client-supplied identity headers (in every spelling a backend
/// might read as theirs), then adds the verified identity. Bearer tokens are forwarded, since backends may validate
/// them themselves.
/// </summary>
public sealed class IdentityHeaderTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context) => context.AddRequestTransform(static transform =>
    {
        var headers = transform.ProxyRequest.Headers;
        var received = transform.HttpContext.Request.Headers;
        foreach (var name in IdentityHeaders.All)
        {
            headers.Remove(name);
        }

        headers.Remove(IdentityHeaders.ApiKey);
        HeaderAliases.Remove(transform.HttpContext, transform.ProxyRequest, IdentityHeaders.Reserved);

        // Judged on what the client sent, not on what HttpClient parses: "ApiKey k, Bearer t" does not parse as one
        // credential, and would otherwise go through untouched.
        if (ApiKeyCredentials.AnyIn(received.Authorization))
        {
            headers.Remove("Authorization");
        }

        if (transform.HttpContext.Features.Get<CallerIdentityFeature>()?.Identity is not { } identity)
        {
            return default;
        }

        // Token claims are checked when the token is validated and the key manager checks what it stores; this catches
        // whatever came another way (a key record written to the table directly) before TryAddWithoutValidation sends
        // a CR LF as it is.
        if (!IdentityHeaders.IsValidValue(identity.Tenant) || !IdentityHeaders.IsValidValue(identity.Subject)
            || !IdentityHeaders.IsValidValue(identity.Plan) || !identity.Scopes.All(IdentityHeaders.IsValidScope))
        {
            return new ValueTask(RefuseAsync(transform.HttpContext, identity));
        }

        headers.TryAddWithoutValidation(IdentityHeaders.Tenant, identity.Tenant);
        headers.TryAddWithoutValidation(IdentityHeaders.Subject, identity.Subject);
        headers.TryAddWithoutValidation(IdentityHeaders.Plan, identity.Plan);
        headers.TryAddWithoutValidation(IdentityHeaders.Scopes, string.Join(' ', identity.Scopes));
        headers.TryAddWithoutValidation(IdentityHeaders.Scheme, identity.Scheme);
        return default;
    });

    private static Task RefuseAsync(HttpContext context, CallerIdentity identity)
    {
        var (code, title) = identity.Scheme == CallerIdentity.ApiKeyScheme
            ? (ProblemCodes.InvalidApiKey, "Invalid API key")
            : (ProblemCodes.InvalidToken, "Invalid token");
        context.Response.Headers.WWWAuthenticate = $"{identity.Scheme} realm=\"serverless-gateway\"";
        return GatewayProblems.WriteAsync(
            context, StatusCodes.Status401Unauthorized, code, title, "The caller's identity holds characters that cannot be passed on in a header.");
    }
}
