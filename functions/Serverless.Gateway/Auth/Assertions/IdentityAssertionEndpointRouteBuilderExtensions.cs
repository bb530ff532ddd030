using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Auth.Assertions;

public static class IdentityAssertionEndpointRouteBuilderExtensions
{
    /// <summary>Registered type of a JSON Web Key Set (RFC 7517, 8.5.1).</summary>
    private const string JwkSetMediaType = "application/jwk-set+json";

    /// <summary>
    /// <c>GET /.well-known/jwks.json</c>: the public parts of every configured signing key, which backends verify identity
    /// assertions with; cacheable for 5 minutes. Takes precedence over any configured route with the same path. The keys
    /// are loaded now, so invalid signing settings stop start-up.
    /// </summary>
    public static IEndpointRouteBuilder MapGatewayJwks(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var keys = endpoints.ServiceProvider.GetRequiredService<IdentityAssertionKeys>();
        endpoints.MapMethods(GatewayAssertion.JwksPath, [HttpMethods.Get, HttpMethods.Head], context =>
            {
                var jwks = keys.Current.Jwks;
                var response = context.Response;
                response.ContentType = JwkSetMediaType;
                response.ContentLength = jwks.Length;
                response.Headers.CacheControl = "public, max-age=300";
                return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(jwks, context.RequestAborted).AsTask();
            })
            .WithDisplayName("Gateway JWKS")
            .WithOrder(-1000)
            .ExcludeFromDescription();
        return endpoints;
    }
}
