using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Tests.Routing;

public sealed class GatewayOptionsValidatorTests
{
    private static GatewayOptions Valid() => new()
    {
        Routes = { ["r"] = new GatewayRouteOptions { Path = "/orders/{id}", Backend = "b" } },
        Backends = { ["b"] = new BackendOptions { Destinations = { ["d"] = "http://127.0.0.1:5000" } } },
    };

    [Fact]
    public void A_complete_configuration_has_no_errors() => Assert.Empty(GatewayOptionsValidator.Validate(Valid()));

    [Fact]
    public void An_empty_configuration_is_valid_so_a_fresh_gateway_starts() => Assert.Empty(GatewayOptionsValidator.Validate(new GatewayOptions()));

    [Theory]
    [InlineData(null, "Gateway:Routes:r:Path: is required")]
    [InlineData("orders", "Gateway:Routes:r:Path: 'orders' must start with '/'")]
    [InlineData("/orders/{id", "Gateway:Routes:r:Path: '/orders/{id' is not a valid route template")]
    public void A_bad_path_is_reported_with_its_key(string? path, string expected)
    {
        var options = Valid();
        options.Routes["r"].Path = path;

        Assert.Contains(GatewayOptionsValidator.Validate(options), error => error.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_rewrite_that_uses_a_parameter_the_path_lacks_is_rejected()
    {
        var options = Valid();
        options.Routes["r"].RewritePath = "/v2/{orderId}";

        Assert.Contains("Gateway:Routes:r:RewritePath: parameter '{orderId}' does not appear in Path '/orders/{id}'.", GatewayOptionsValidator.Validate(options));
    }

    [Theory]
    [InlineData("http://user:secret@10.0.0.1")]
    [InlineData("http://10.0.0.1/?q=1")]
    [InlineData("file:///etc/passwd")]
    [InlineData("10.0.0.1:80")]
    public void A_destination_that_is_not_a_plain_http_address_is_rejected(string address)
    {
        var options = Valid();
        options.Backends["b"].Destinations["d"] = address;

        Assert.Contains(GatewayOptionsValidator.Validate(options), error => error.StartsWith("Gateway:Backends:b:Destinations:d:", StringComparison.Ordinal));
    }

    [Fact]
    public void Resilience_settings_outside_pollys_bounds_are_rejected_with_their_keys()
    {
        var options = Valid();
        var resilience = options.Backends["b"].Resilience;
        resilience.Retry.MaxRetries = 50;
        resilience.CircuitBreaker.FailureRatio = 0;
        resilience.CircuitBreaker.MinimumThroughput = 1;
        resilience.AttemptTimeout = TimeSpan.Zero;

        var errors = GatewayOptionsValidator.Validate(options);

        Assert.Contains(errors, e => e.StartsWith("Gateway:Backends:b:Resilience:Retry:MaxRetries", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Backends:b:Resilience:CircuitBreaker:FailureRatio", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Backends:b:Resilience:CircuitBreaker:MinimumThroughput", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Backends:b:Resilience:AttemptTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Header_conditions_need_a_known_mode_and_values()
    {
        var options = Valid();
        options.Routes["r"].Headers.Add(new RouteHeaderOptions { Name = "X-A", Mode = "Regex" });
        options.Routes["r"].Headers.Add(new RouteHeaderOptions { Name = "X-B", Mode = "ExactHeader" });

        var errors = GatewayOptionsValidator.Validate(options);

        Assert.Contains(errors, e => e.StartsWith("Gateway:Routes:r:Headers:0:Mode: 'Regex'", StringComparison.Ordinal));
        Assert.Contains("Gateway:Routes:r:Headers:1:Values: at least one value is required for mode ExactHeader.", errors);
    }
}
