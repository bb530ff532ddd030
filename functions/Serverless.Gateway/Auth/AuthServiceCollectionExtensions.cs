using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Auth.Assertions;
using Serverless.Gateway.Auth.Jwt;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Serverless.Gateway.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// API keys in Table Storage, JWT bearer tokens, the named policies routes refer to (section <c>Auth</c>), the
    /// transforms that pass the verified identity to backends (the gateway's headers and each route's claim headers),
    /// and the identity assertions backends receive.
    /// </summary>
    public static IServiceCollection AddGatewayAuth(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName);
        services.TryAddSingleton<ApiKeyStore>();
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddSingleton<ApiKeyManager>();
        services.TryAddSingleton<RouteAuthenticator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransformProvider, IdentityHeaderTransformProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransformProvider, ClaimHeaderTransformProvider>());
        services.AddGatewayJwt();
        services.AddGatewayIdentityAssertions();
        return services;
    }
}
