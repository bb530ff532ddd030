using Microsoft.Extensions.Configuration;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Tests.Routing;

public sealed class GatewayOptionsBinderTests
{
    private static (GatewayOptions Options, List<string> Errors) Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var errors = new List<string>();
        return (GatewayOptionsBinder.Bind(configuration.GetSection("Gateway"), errors), errors);
    }

    [Fact]
    public void Flat_environment_style_keys_bind_to_routes_and_backends()
    {
        var (options, errors) = Bind(new()
        {
            ["Gateway:Routes:orders:Path"] = "/orders/{**rest}",
            ["Gateway:Routes:orders:Backend"] = "orders",
            ["Gateway:Routes:orders:Methods:0"] = "GET",
            ["Gateway:Routes:orders:Timeout"] = "00:00:05",
            ["Gateway:Backends:orders:Destinations:a"] = "http://127.0.0.1:5001",
            ["Gateway:Backends:orders:Resilience:Retry:MaxRetries"] = "4",
        });

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Routes["ORDERS"].Timeout);
        Assert.Equal(["GET"], options.Routes["orders"].Methods);
        Assert.Equal(4, options.Backends["orders"].Resilience.Retry.MaxRetries);
    }

    [Fact]
    public void A_value_that_does_not_convert_is_an_error_naming_its_key_and_the_forms_it_takes_rather_than_a_silently_dropped_route()
    {
        var (options, errors) = Bind(new()
        {
            ["Gateway:Routes:orders:Path"] = "/orders",
            ["Gateway:Routes:orders:Timeout"] = "soon",
            ["Gateway:Backends:b:Resilience:Retry:MaxRetries"] = "many",
        });

        Assert.Empty(options.Routes);
        Assert.Contains("Gateway:Routes:orders:Timeout: 'soon' is not a duration: use hh:mm:ss such as 00:00:30, or d.hh:mm:ss such as 1.00:00:00 for days", errors);
        Assert.Contains("Gateway:Backends:b:Resilience:Retry:MaxRetries: 'many' is not a whole number", errors);
    }

    [Fact]
    public void A_misspelt_setting_is_an_error_that_suggests_the_known_key_it_is_closest_to()
    {
        var (_, errors) = Bind(new()
        {
            ["Gateway:Routes:orders:Pathh"] = "/orders",
            ["Gateway:Backends:b:Destinations:a"] = "http://127.0.0.1:5001",
            ["Gateway:Backends:b:Resilience:Retry:MaxRetrys"] = "3",
            ["Gateway:Rutes:x"] = "y",
        });

        Assert.Contains("Gateway:Routes:orders:Pathh: unknown key 'Pathh' (did you mean 'Path'?)", errors);
        Assert.Contains("Gateway:Backends:b:Resilience:Retry:MaxRetrys: unknown key 'MaxRetrys' (did you mean 'MaxRetries'?)", errors);
        Assert.Contains("Gateway:Rutes: unknown key 'Rutes' (did you mean 'Routes'?)", errors);
    }

    [Fact]
    public void A_key_like_no_known_one_lists_the_keys_that_are_known()
    {
        var (_, errors) = Bind(new() { ["Gateway:Backends:b:Zzzzzzzz"] = "1" });

        var error = Assert.Single(errors);
        Assert.StartsWith("Gateway:Backends:b:Zzzzzzzz: unknown key 'Zzzzzzzz' (known keys: ", error, StringComparison.Ordinal);
        Assert.Contains("Destinations", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_rewrite_headers_is_off_unless_a_route_sets_it_and_only_takes_a_boolean()
    {
        var (options, errors) = Bind(new()
        {
            ["Gateway:Routes:plain:Path"] = "/plain",
            ["Gateway:Routes:legacy:Path"] = "/legacy",
            ["Gateway:Routes:legacy:AllowRewriteHeaders"] = "true",
            ["Gateway:Routes:typo:Path"] = "/typo",
            ["Gateway:Routes:typo:AllowRewriteHeaders"] = "sometimes",
        });

        Assert.False(options.Routes["plain"].AllowRewriteHeaders);
        Assert.True(options.Routes["legacy"].AllowRewriteHeaders);
        Assert.Contains(errors, e => e.Contains("Gateway:Routes:typo:AllowRewriteHeaders", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("legacy", StringComparison.Ordinal));
    }
}
