using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Serverless.GatewayIdentity;

public static class GatewayIdentityServiceCollectionExtensions
{
    // The named client's own limit; GatewayKeySource enforces its read limit and timeout whatever the client.
    private static readonly TimeSpan JwksTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Adds <see cref="GatewayAssertionValidator"/> as a singleton, with <see cref="GatewayAssertionValidationOptions"/>
    /// bound from <paramref name="sectionPath"/> (unknown keys are errors) and validated at start-up, the named
    /// <see cref="HttpClient"/> that fetches the gateway's keys, and <see cref="TimeProvider.System"/> unless a
    /// <see cref="TimeProvider"/> is registered already. Requires <see cref="IConfiguration"/> in the container, as every
    /// host provides.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddGatewayAssertionValidation("GatewayAssertion");
    /// // appsettings: "GatewayAssertion": { "JwksUri": "https://gateway.example.com/.well-known/jwks.json", "Audience": "orders" }
    /// </code>
    /// </example>
    public static IServiceCollection AddGatewayAssertionValidation(this IServiceCollection services, string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        services.AddOptions<GatewayAssertionValidationOptions>()
            .BindConfiguration(sectionPath, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpClient(GatewayAssertionValidator.HttpClientName, client => client.Timeout = JwksTimeout);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GatewayAssertionValidator>();
        return services;
    }
}
