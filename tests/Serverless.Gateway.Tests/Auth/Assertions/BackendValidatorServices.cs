using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Tests.Auth.Assertions;

/// <summary>What a backend registers to check assertions: <see cref="GatewayAssertionValidator"/> from configuration, as the docs show it.</summary>
public static class BackendValidatorServices
{
    public static ServiceProvider Create(string jwksUri, string audience, TimeProvider? clock = null, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["GatewayAssertion:JwksUri"] = jwksUri,
            ["GatewayAssertion:Audience"] = audience,
        };
        foreach (var (key, value) in settings)
        {
            values[$"GatewayAssertion:{key}"] = value;
        }

        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        return services
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
            .AddLogging()
            .AddGatewayAssertionValidation("GatewayAssertion")
            .BuildServiceProvider();
    }

    /// <summary>Checks one assertion with a validator that has fetched nothing yet, as a freshly started backend would.</summary>
    public static async Task<GatewayAssertionResult> ValidateAsync(string gatewayAddress, string audience, string? assertion)
    {
        await using var services = Create(gatewayAddress + GatewayAssertion.JwksPath, audience);
        return await services.GetRequiredService<GatewayAssertionValidator>().ValidateAsync(assertion, CancellationToken.None);
    }
}
