using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Tests.Configuration;

public sealed class OverlayConfigurationTests
{
    private static (ConfigurationManager Configuration, OverlayConfigurationSource Overlay) Build()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Routes:a:Path"] = "/a",
            ["Gateway:Routes:a:Methods:0"] = "GET",
            ["Gateway:Routes:a:Methods:1"] = "POST",
            ["Gateway:Routes:b:Path"] = "/b",
            ["Gateway:Backends:x:Destinations:d"] = "http://127.0.0.1:1",
            ["Auth:ApiKeys:Table"] = "Keys",
            ["Auth:Policies:p:Require"] = "ApiKey",
        });
        var overlay = new OverlayConfigurationSource();
        configuration.AddOverlay(overlay);
        return (configuration, overlay);
    }

    [Fact]
    public void Without_an_overlay_the_bootstrap_reads_as_it_is()
    {
        var (configuration, _) = Build();

        Assert.Equal("/b", configuration["Gateway:Routes:b:Path"]);
        Assert.Equal(["a", "b"], configuration.GetSection("Gateway:Routes").GetChildren().Select(c => c.Key));
    }

    [Fact]
    public void An_owned_section_reads_from_the_overlay_alone_so_left_out_routes_and_list_items_are_gone()
    {
        var (configuration, overlay) = Build();

        overlay.Apply(new Dictionary<string, string?> { ["Gateway:Routes:a:Path"] = "/new-a", ["Gateway:Routes:a:Methods:0"] = "PUT" }, ["Gateway:Routes"]);

        Assert.Equal(["a"], configuration.GetSection("Gateway:Routes").GetChildren().Select(c => c.Key));
        Assert.Equal("/new-a", configuration["Gateway:Routes:a:Path"]);
        Assert.Equal(["PUT"], configuration.GetSection("Gateway:Routes:a:Methods").GetChildren().Select(c => c.Value));
        Assert.Null(configuration["Gateway:Routes:b:Path"]);
    }

    [Fact]
    public void Sections_the_overlay_does_not_own_keep_their_bootstrap_values()
    {
        var (configuration, overlay) = Build();

        overlay.Apply(new Dictionary<string, string?> { ["Auth:Policies:q:Require"] = "Jwt" }, ["Auth:Policies"]);

        Assert.Equal("http://127.0.0.1:1", configuration["Gateway:Backends:x:Destinations:d"]);
        Assert.Equal("Keys", configuration["Auth:ApiKeys:Table"]);
        Assert.Equal(["q"], configuration.GetSection("Auth:Policies").GetChildren().Select(c => c.Key));
        Assert.Equal(2, configuration.GetSection("Gateway:Routes").GetChildren().Count());
    }

    [Fact]
    public void An_empty_owned_section_empties_it()
    {
        var (configuration, overlay) = Build();

        overlay.Apply(new Dictionary<string, string?>(), ["Gateway:Routes"]);

        Assert.Empty(configuration.GetSection("Gateway:Routes").GetChildren());
        Assert.Single(configuration.GetSection("Gateway:Backends").GetChildren());
    }

    [Fact]
    public void Applying_raises_the_configurations_change()
    {
        var (configuration, overlay) = Build();
        var changes = 0;
        using var registration = ChangeToken.OnChange(((IConfiguration)configuration).GetReloadToken, () => changes++);

        overlay.Apply(new Dictionary<string, string?> { ["Gateway:Routes:c:Path"] = "/c" }, ["Gateway:Routes"]);

        Assert.Equal(1, changes);
    }

    [Fact]
    public void The_bootstrap_is_what_the_sources_below_hold_whatever_the_overlay_masks()
    {
        var (configuration, overlay) = Build();
        overlay.Apply(new Dictionary<string, string?> { ["Gateway:Routes:c:Path"] = "/c" }, ["Gateway:Routes"]);

        var bootstrap = OverlayConfigurationSource.Bootstrap(configuration);

        Assert.Equal("/b", bootstrap["Gateway:Routes:b:Path"]);
        Assert.Equal("POST", bootstrap["Gateway:Routes:a:Methods:1"]);
        Assert.False(bootstrap.ContainsKey("Gateway:Routes:c:Path"));
    }

    [Theory]
    [InlineData("Gateway:Routes", true)]
    [InlineData("Gateway:Routes:a:Path", true)]
    [InlineData("gateway:routes:A", true)]
    [InlineData("Gateway", false)]
    [InlineData("Gateway:RoutesExtra", false)]
    [InlineData("Gateway:Backends:x", false)]
    public void A_section_owns_itself_and_what_lies_under_it(string key, bool owned) =>
        Assert.Equal(owned, OverlayConfigurationSource.Owns(["Gateway:Routes"], key));
}
