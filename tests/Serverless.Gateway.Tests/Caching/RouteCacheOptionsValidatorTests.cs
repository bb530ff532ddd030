using Microsoft.Extensions.Configuration;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Tests.Caching;

public sealed class RouteCacheOptionsValidatorTests
{
    private static List<string> Validate(RouteCacheOptions cache, params string[] methods)
    {
        List<string> errors = [];
        RouteCacheOptionsValidator.Validate("Gateway:Routes:catalog", new GatewayRouteOptions { Cache = cache, Methods = [.. methods] }, errors);
        return errors;
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Validate(new RouteCacheOptions(), "GET"));

    [Fact]
    public void Each_bad_setting_is_named_with_its_full_key_and_what_would_do()
    {
        var errors = Validate(new RouteCacheOptions
        {
            Duration = TimeSpan.Zero,
            StaleIfError = TimeSpan.FromSeconds(-1),
            MaxEntryBytes = 600 * 1024,
            VaryByHeaders = ["Accept-Language", "Bad Header"],
        });

        Assert.Equal(
            [
                "Gateway:Routes:catalog:Cache:Duration: must be positive, e.g. 00:00:30.",
                "Gateway:Routes:catalog:Cache:StaleIfError: must be positive, e.g. 00:05:00, or left out to never serve stale entries.",
                "Gateway:Routes:catalog:Cache:MaxEntryBytes: must be between 1 and 524288 bytes, e.g. 262144.",
                "Gateway:Routes:catalog:Cache:VaryByHeaders:1: must be a header name, e.g. Accept-Language.",
            ],
            errors);
    }

    [Fact]
    public void A_cache_on_a_route_that_allows_neither_get_nor_head_is_refused() =>
        Assert.Equal(
            ["Gateway:Routes:catalog:Cache: only GET and HEAD responses are cached, and the route's Methods allow neither; remove Cache or allow GET."],
            Validate(new RouteCacheOptions(), "POST"));

    [Theory]
    [InlineData("Durration", "00:00:10", "Gateway:Routes:catalog:Cache:Durration: unknown key 'Durration' (did you mean 'Duration'?)")]
    [InlineData("StaleIfError", "a while", "Gateway:Routes:catalog:Cache:StaleIfError: 'a while' is not a duration")]
    public void A_misspelt_or_unconvertible_cache_setting_is_a_binding_error_naming_its_key(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Routes:catalog:Path"] = "/catalog/{**rest}",
            [$"Gateway:Routes:catalog:Cache:{key}"] = value,
        }).Build();
        List<string> errors = [];

        GatewayOptionsBinder.Bind(configuration.GetSection("Gateway"), errors);

        Assert.Contains(errors, error => error.StartsWith(expected, StringComparison.Ordinal));
    }
}
