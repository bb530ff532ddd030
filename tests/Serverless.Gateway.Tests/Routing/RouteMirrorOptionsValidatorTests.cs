using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Tests.Routing;

/// <summary>The route's <c>Mirror</c> settings, checked with the rest of the configuration, one line per problem.</summary>
public sealed class RouteMirrorOptionsValidatorTests
{
    private static List<string> Validate(RouteMirrorOptions mirror) => GatewayOptionsValidator.Validate(new GatewayOptions
    {
        Routes = { ["r"] = new GatewayRouteOptions { Path = "/orders/{id}", Backend = "live", Mirror = mirror } },
        Backends =
        {
            ["live"] = new BackendOptions { Destinations = { ["d"] = "http://127.0.0.1:5000" } },
            ["next"] = new BackendOptions { Destinations = { ["d"] = "http://127.0.0.1:5001" } },
        },
    });

    [Fact]
    public void A_mirror_to_another_backend_with_the_defaults_has_no_errors() =>
        Assert.Empty(Validate(new RouteMirrorOptions { Backend = "next" }));

    [Fact]
    public void The_defaults_copy_everything_up_to_64_KB_sixteen_at_a_time_for_five_seconds()
    {
        var defaults = new RouteMirrorOptions();

        Assert.Equal((100d, 16, 65536L, TimeSpan.FromSeconds(5)), (defaults.Percent, defaults.MaxConcurrency, defaults.MaxBodySize, defaults.Timeout));
    }

    [Theory]
    [InlineData(null, "Gateway:Routes:r:Mirror:Backend: is required; name the backend under Gateway:Backends that receives the copies.")]
    [InlineData("canary", "Gateway:Routes:r:Mirror:Backend: backend 'canary' is not defined (defined: live, next).")]
    [InlineData("LIVE", "Gateway:Routes:r:Mirror:Backend: 'LIVE' is the route's own backend, which would receive every copied request twice; name the backend of the version under test.")]
    public void The_backend_must_be_another_configured_one(string? backend, string expected) =>
        Assert.Equal([expected], Validate(new RouteMirrorOptions { Backend = backend }));

    [Fact]
    public void Out_of_range_numbers_are_named_one_line_each()
    {
        var errors = Validate(new RouteMirrorOptions
        {
            Backend = "next", Percent = 101, MaxConcurrency = 0, MaxBodySize = -1, Timeout = TimeSpan.Zero,
        });

        Assert.Equal(
            [
                "Gateway:Routes:r:Mirror:Percent: 101 must be between 0 and 100.",
                "Gateway:Routes:r:Mirror:MaxConcurrency: must be at least 1.",
                "Gateway:Routes:r:Mirror:MaxBodySize: must be a size in bytes, 0 or more (0 mirrors only requests without a body).",
                "Gateway:Routes:r:Mirror:Timeout: must be positive, e.g. 00:00:05.",
            ],
            errors);
        Assert.All(errors, error => Assert.DoesNotContain('\n', error));
    }
}
