using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Serverless.Gateway.Composite;

namespace Serverless.Gateway.Tests.Composite;

/// <summary>A part's path is filled from the route's values with each value kept inside its segment.</summary>
public sealed class PartPathTests
{
    private static string? Fill(string template, params (string Name, string Value)[] values) =>
        PartPath.Fill(RoutePatternFactory.Parse(template), new RouteValueDictionary(values.ToDictionary(v => v.Name, v => (object?)v.Value)));

    [Fact]
    public void Parameters_are_filled_and_escaped_within_their_segment()
    {
        Assert.Equal("products/a%2Fb%3Fc%23d/reviews", Fill("/products/{id}/reviews", ("id", "a/b?c#d")));
    }

    [Fact]
    public void A_catch_all_keeps_its_slashes_and_escapes_each_segment()
    {
        Assert.Equal("files/x/y%20z", Fill("/files/{**rest}", ("rest", "x/y z")));
    }

    [Fact]
    public void A_missing_optional_value_leaves_no_empty_segment()
    {
        Assert.Equal("files", Fill("/files/{**rest}"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    public void A_dot_segment_value_cannot_be_filled_in(string value)
    {
        Assert.Null(Fill("/products/{id}", ("id", value)));
        Assert.Null(Fill("/files/{**rest}", ("rest", "a/" + value + "/b")));
    }

    [Theory]
    [InlineData("//evil.example/steal")]
    [InlineData("/other-base/x")]
    [InlineData("a//b")]
    public void A_catch_all_with_an_empty_segment_cannot_reach_another_host_or_base_path(string value)
    {
        Assert.Null(Fill("/{**rest}", ("rest", value)));
        Assert.Null(Fill("/files/{**rest}", ("rest", value)));
    }

    [Fact]
    public void A_catch_all_keeps_a_trailing_slash()
    {
        Assert.Equal("files/a/", Fill("/files/{**rest}", ("rest", "a/")));
    }
}
