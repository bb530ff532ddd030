using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth.Jwt;

namespace Serverless.Gateway.Tests.Auth.Jwt;

public sealed class JwtServiceCollectionExtensionsTests
{
    [Fact]
    public async Task The_registered_validator_is_one_singleton_configured_from_the_Auth_Jwt_section()
    {
        await using var idp = await TestIdentityProvider.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(idp.CreateSettings()).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddGatewayJwt()
            .AddGatewayJwt()
            .BuildServiceProvider();

        var validator = services.GetRequiredService<JwtTokenValidator>();
        var result = await validator.ValidateAsync(idp.CreateToken(), default);

        Assert.Same(validator, services.GetRequiredService<JwtTokenValidator>());
        Assert.Single(services.GetServices<IValidateOptions<JwtOptions>>());
        Assert.True(result.Succeeded, result.Description);
    }
}
