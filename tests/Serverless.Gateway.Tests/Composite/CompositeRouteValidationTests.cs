using Microsoft.Extensions.Configuration;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Tests.Composite;

/// <summary>A composite route's parts are checked when configuration loads, one line per problem naming the full key.</summary>
public sealed class CompositeRouteValidationTests
{
    private const string Route = "Gateway:Routes:page";

    /// <summary>Binds and validates a route on <c>/shop/{id}</c> with <paramref name="settings"/> under it, beside backends a and b.</summary>
    private static List<string> Errors(params (string Key, string? Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            [$"{Route}:Path"] = "/shop/{id}/{**rest}",
            ["Gateway:Backends:a:Destinations:d"] = "http://127.0.0.1:5000",
            ["Gateway:Backends:b:Destinations:d"] = "http://127.0.0.1:5001",
        };
        foreach (var (key, value) in settings)
        {
            values[$"{Route}:{key}"] = value;
        }

        var errors = new List<string>();
        var options = GatewayOptionsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Gateway"), errors);
        errors.AddRange(GatewayOptionsValidator.Validate(options));
        return errors;
    }

    [Fact]
    public void Parts_on_defined_backends_with_paths_made_of_the_routes_values_are_valid()
    {
        Assert.Empty(Errors(
            ("Parts:product:Backend", "a"), ("Parts:product:Path", "/products/{id}"), ("Parts:product:Timeout", "00:00:02"), ("Parts:product:Required", "true"),
            ("Parts:files:Backend", "b"), ("Parts:files:Path", "/files/{**rest}"),
            ("Methods:0", "GET"), ("PartialStatus", "502"), ("MaxResponseBytes", "4096")));
    }

    [Fact]
    public void A_route_with_both_a_backend_and_parts_is_refused()
    {
        Assert.Contains("Gateway:Routes:page: set Backend or Parts, not both (a composite route calls the parts' backends).",
            Errors(("Backend", "a"), ("Parts:product:Backend", "a"), ("Parts:product:Path", "/products/{id}")));
    }

    [Fact]
    public void A_route_with_neither_a_backend_nor_parts_still_needs_its_backend()
    {
        Assert.Contains("Gateway:Routes:page:Backend: is required; name one of the backends under Gateway:Backends.", Errors());
    }

    [Fact]
    public void A_part_on_an_unknown_backend_names_the_defined_ones()
    {
        Assert.Contains("Gateway:Routes:page:Parts:product:Backend: backend 'c' is not defined (defined: a, b).",
            Errors(("Parts:product:Backend", "c"), ("Parts:product:Path", "/products/{id}")));
    }

    [Fact]
    public void More_than_eight_parts_are_refused_as_an_unbounded_fan_out()
    {
        var parts = Enumerable.Range(0, 9).SelectMany(i => new (string, string?)[] { ($"Parts:p{i}:Backend", "a"), ($"Parts:p{i}:Path", "/x") }).ToArray();

        Assert.Contains("Gateway:Routes:page:Parts: 9 parts; at most 8 are allowed, each one a backend call per request.", Errors(parts));
    }

    [Theory]
    [InlineData("/products/{sku}", "Gateway:Routes:page:Parts:product:Path: parameter '{sku}' does not appear in Path '/shop/{id}/{**rest}'.")]
    [InlineData("/products/{id", "Gateway:Routes:page:Parts:product:Path: '/products/{id' is not a valid route template: ")]
    [InlineData("products/{id}", "Gateway:Routes:page:Parts:product:Path: 'products/{id}' must start with '/' and hold no query string.")]
    [InlineData("/products/{id}?full=1", "Gateway:Routes:page:Parts:product:Path: '/products/{id}?full=1' must start with '/' and hold no query string.")]
    [InlineData("", "Gateway:Routes:page:Parts:product:Path: is required, e.g. /products/{id}.")]
    public void A_part_path_that_cannot_be_filled_from_the_route_is_refused(string path, string error)
    {
        Assert.Contains(Errors(("Parts:product:Backend", "a"), ("Parts:product:Path", path)), line => line.StartsWith(error, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Parts:_incomplete:Backend", "Gateway:Routes:page:Parts:_incomplete: part name '_incomplete' must be ASCII letters, digits, '-' or '_', not starting with '_', e.g. product.")]
    [InlineData("Parts:a b:Backend", "Gateway:Routes:page:Parts:a b: part name 'a b' must be ASCII letters, digits, '-' or '_', not starting with '_', e.g. product.")]
    public void A_part_name_that_is_not_a_plain_json_property_name_is_refused(string key, string error)
    {
        var name = key.Split(':')[1];

        Assert.Contains(error, Errors((key, "a"), ($"Parts:{name}:Path", "/x")));
    }

    [Theory]
    [InlineData("PartialStatus", "500", "Gateway:Routes:page:PartialStatus: 500 is not allowed; use 200 (the answer marks what is missing) or 502.")]
    [InlineData("MaxResponseBytes", "0", "Gateway:Routes:page:MaxResponseBytes: must be a positive number of bytes, e.g. 1048576.")]
    [InlineData("Parts:product:Timeout", "00:00:00", "Gateway:Routes:page:Parts:product:Timeout: must be positive, e.g. 00:00:02.")]
    [InlineData("Methods:0", "POST", "Gateway:Routes:page:Methods: a composite route answers GET only; leave Methods empty or list GET.")]
    [InlineData("RewritePath", "/x", "Gateway:Routes:page: StripPrefix and RewritePath do not apply to a composite route; each part's Path decides what its backend is called with.")]
    [InlineData("Transforms:RequestHeaders:Set:X-Env", "prod", "Gateway:Routes:page:Transforms: do not apply to a composite route; its parts receive the caller's identity and nothing else from the request.")]
    public void Settings_a_composite_route_cannot_honour_are_refused(string key, string value, string error)
    {
        Assert.Contains(error, Errors(("Parts:product:Backend", "a"), ("Parts:product:Path", "/products/{id}"), (key, value)));
    }

    [Fact]
    public void A_misspelt_part_setting_names_the_setting_meant()
    {
        Assert.Contains(Errors(("Parts:product:Backend", "a"), ("Parts:product:Path", "/products/{id}"), ("Parts:product:Timout", "00:00:01")),
            line => line.Contains("Timout", StringComparison.Ordinal) && line.Contains("Timeout", StringComparison.Ordinal));
    }
}
