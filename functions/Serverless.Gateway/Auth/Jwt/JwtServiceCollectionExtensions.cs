using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Auth.Jwt;

public static class JwtServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="JwtTokenValidator"/> as a singleton, configured from <c>Auth:Jwt</c> (see <see cref="JwtOptions"/>)
    /// and validated at start-up. Requires <see cref="IConfiguration"/> in the container, as every host provides.
    /// </summary>
    public static IServiceCollection AddGatewayJwt(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<JwtOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtOptions>, JwtOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>());
        services.TryAddSingleton<JwtTokenValidator>();
        return services;
    }
}
