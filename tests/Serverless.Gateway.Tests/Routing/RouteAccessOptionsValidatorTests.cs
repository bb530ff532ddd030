using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Tests.Routing;

/// <summary>The route's <c>Cors</c> and <c>IpRules</c> settings, checked with the rest of the configuration, one line per problem.</summary>
public sealed class RouteAccessOptionsValidatorTests
{
    private static GatewayOptions With(RouteCorsOptions? cors = null, RouteIpRulesOptions? ipRules = null) => new()
    {
        Routes = { ["r"] = new GatewayRouteOptions { Path = "/orders/{id}", Backend = "b", Cors = cors, IpRules = ipRules } },
        Backends = { ["b"] = new BackendOptions { Destinations = { ["d"] = "http://127.0.0.1:5000" } } },
    };

    [Fact]
    public void Sound_cors_and_ip_rules_have_no_errors()
    {
        var options = With(
            new RouteCorsOptions
            {
                AllowedOrigins = ["https://app.example.com", "https://*.example.com", "http://localhost:3000"],
                AllowedMethods = ["GET", "post"],
                AllowedHeaders = ["Content-Type", "X-Api-Key"],
                ExposedHeaders = ["RateLimit", "X-Request-Id"],
                AllowCredentials = true,
                MaxAge = TimeSpan.Zero,
            },
            new RouteIpRulesOptions { Allow = ["10.0.0.0/8", "2001:db8::/32", "::1"], Deny = ["10.9.0.0/16", "203.0.113.7"] });

        Assert.Empty(GatewayOptionsValidator.Validate(options));
    }

    [Fact]
    public void Credentials_with_any_origin_are_refused_in_one_line()
    {
        var errors = GatewayOptionsValidator.Validate(With(new RouteCorsOptions { AllowedOrigins = ["*"], AllowCredentials = true }));

        var error = Assert.Single(errors);
        Assert.StartsWith("Gateway:Routes:r:Cors:AllowCredentials: cannot be true with AllowedOrigins '*'", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("https://app.example.com/", "Gateway:Routes:r:Cors:AllowedOrigins:0: 'https://app.example.com/' must be scheme://host[:port] only")]
    [InlineData("app.example.com", "Gateway:Routes:r:Cors:AllowedOrigins:0: 'app.example.com' must start with http:// or https://")]
    [InlineData("null", "Gateway:Routes:r:Cors:AllowedOrigins:0: 'null' must start with http:// or https://")]
    [InlineData("https://app.*.com", "Gateway:Routes:r:Cors:AllowedOrigins:0: 'https://app.*.com' is not a valid origin")]
    public void An_origin_that_is_not_scheme_host_and_port_is_refused(string origin, string expected) =>
        Assert.Contains(GatewayOptionsValidator.Validate(With(new RouteCorsOptions { AllowedOrigins = [origin] })), error => error.StartsWith(expected, StringComparison.Ordinal));

    [Fact]
    public void A_star_beside_other_origins_or_no_origin_at_all_is_refused()
    {
        Assert.Contains(
            "Gateway:Routes:r:Cors:AllowedOrigins: '*' allows every origin and must stand alone; remove it or the other origins.",
            GatewayOptionsValidator.Validate(With(new RouteCorsOptions { AllowedOrigins = ["*", "https://app.example.com"] })));
        Assert.Contains(
            GatewayOptionsValidator.Validate(With(new RouteCorsOptions())),
            error => error.StartsWith("Gateway:Routes:r:Cors:AllowedOrigins: at least one origin is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_methods_header_names_and_a_negative_max_age_are_each_named()
    {
        var errors = GatewayOptionsValidator.Validate(With(new RouteCorsOptions
        {
            AllowedOrigins = ["https://app.example.com"],
            AllowedMethods = ["GET", "FETCH"],
            AllowedHeaders = ["X-Ok", "Bad Header", "*"],
            ExposedHeaders = ["*", "X:Colon"],
            MaxAge = TimeSpan.FromSeconds(-1),
        }));

        Assert.Equal(
            [
                "Gateway:Routes:r:Cors:AllowedMethods:1: 'FETCH' is not an HTTP method (use GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or TRACE).",
                "Gateway:Routes:r:Cors:AllowedHeaders:1: 'Bad Header' is not a header name (letters, digits and !#$%&'*+-.^_`|~), or * alone for any header.",
                "Gateway:Routes:r:Cors:AllowedHeaders:2: '*' is not a header name (letters, digits and !#$%&'*+-.^_`|~), or * alone for any header.",
                "Gateway:Routes:r:Cors:ExposedHeaders:0: '*' is not a header name (letters, digits and !#$%&'*+-.^_`|~).",
                "Gateway:Routes:r:Cors:ExposedHeaders:1: 'X:Colon' is not a header name (letters, digits and !#$%&'*+-.^_`|~).",
                "Gateway:Routes:r:Cors:MaxAge: must not be negative, e.g. 00:10:00 (00:00:00 makes the browser ask before every call).",
            ],
            errors);
    }

    [Fact]
    public void Ip_rules_name_each_entry_that_is_not_a_range()
    {
        var errors = GatewayOptionsValidator.Validate(With(ipRules: new RouteIpRulesOptions { Allow = ["10.0.0.1/8", "10.0.0.0/8"], Deny = ["::1/129", "localhost"] }));

        Assert.Equal(3, errors.Count);
        Assert.StartsWith("Gateway:Routes:r:IpRules:Allow:0: '10.0.0.1/8' has bits set after its /8 prefix; write the range's first address, 10.0.0.0/8", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Gateway:Routes:r:IpRules:Deny:0: '::1/129': the prefix length must be a number from 0 to 128.", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("Gateway:Routes:r:IpRules:Deny:1: 'localhost' is not a CIDR range", errors[2], StringComparison.Ordinal);
    }
}
