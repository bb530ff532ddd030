using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Tests.Auth.Assertions;

public sealed class GatewayAssertionValidationOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new GatewayAssertionValidationOptions();

        Assert.Null(options.JwksUri);
        Assert.Null(options.Audience);
        Assert.Equal("serverless-gateway", options.Issuer);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ClockSkew);
        Assert.Equal(TimeSpan.FromMinutes(5), options.KeysRefreshInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), options.MinimumKeysRefreshInterval);
    }

    [Fact]
    public void Valid_settings_bind_from_the_named_section()
    {
        using var services = Services(("JwksUri", "https://gateway.example.com/.well-known/jwks.json"), ("Audience", "orders"), ("ClockSkew", "00:00:05"));

        var options = services.GetRequiredService<IOptions<GatewayAssertionValidationOptions>>().Value;

        Assert.Equal(new Uri("https://gateway.example.com/.well-known/jwks.json"), options.JwksUri);
        Assert.Equal("orders", options.Audience);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ClockSkew);
        Assert.Same(services.GetRequiredService<GatewayAssertionValidator>(), services.GetRequiredService<GatewayAssertionValidator>());
    }

    [Theory]
    [InlineData("JwksUri", "/.well-known/jwks.json", "JwksUri '/.well-known/jwks.json' must be an absolute http or https address")]
    [InlineData("JwksUri", "ftp://gateway/.well-known/jwks.json", "must be an absolute http or https address")]
    [InlineData("Audience", " ", "Audience")]
    [InlineData("ClockSkew", "00:06:00", "ClockSkew")]
    [InlineData("MinimumKeysRefreshInterval", "00:10:00", "MinimumKeysRefreshInterval (00:10:00) must not exceed KeysRefreshInterval (00:05:00)")]
    public void Invalid_settings_are_refused_naming_the_setting(string key, string value, string expected)
    {
        using var services = Services(("JwksUri", "https://gateway.example.com/.well-known/jwks.json"), ("Audience", "orders"), (key, value));

        var failure = Assert.Single(Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<GatewayAssertionValidationOptions>>().Value).Failures);

        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_setting_is_an_error_rather_than_a_silent_default()
    {
        using var services = Services(("JwksUri", "https://gateway.example.com/.well-known/jwks.json"), ("Audience", "orders"), ("Audiance", "orders"));

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IOptions<GatewayAssertionValidationOptions>>().Value);

        Assert.Contains("Audiance", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_settings_stop_the_host_from_starting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGatewayAssertionValidation("GatewayAssertion");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, failure => failure.Contains("JwksUri", StringComparison.Ordinal));
        Assert.Contains(error.Failures, failure => failure.Contains("Audience", StringComparison.Ordinal));
    }

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>();
        foreach (var (key, value) in settings)
        {
            values[$"GatewayAssertion:{key}"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddGatewayAssertionValidation("GatewayAssertion").BuildServiceProvider();
    }
}
