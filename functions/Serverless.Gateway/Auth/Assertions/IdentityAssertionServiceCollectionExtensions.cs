using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Serverless.Gateway.Auth.Assertions;

public static class IdentityAssertionServiceCollectionExtensions
{
    /// <summary>
    /// Signed identity assertions for the backends that receive them: the signing keys from <c>Auth:IdentityAssertion</c>
    /// (validated at start-up, reloaded on change), the signer, and the proxy transform that adds assertions and drops
    /// forged ones. Map the key set with <see cref="IdentityAssertionEndpointRouteBuilderExtensions.MapGatewayJwks"/>.
    /// </summary>
    public static IServiceCollection AddGatewayIdentityAssertions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<IdentityAssertionOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<IdentityAssertionOptions>, IdentityAssertionOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdentityAssertionOptions>, IdentityAssertionOptionsValidator>());
        services.TryAddSingleton<IdentityAssertionKeys>();
        services.TryAddSingleton<IdentityAssertionIssuer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransformProvider, IdentityAssertionTransformProvider>());
        return services;
    }
}
