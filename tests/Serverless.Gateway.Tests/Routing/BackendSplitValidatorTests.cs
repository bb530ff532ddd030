using Microsoft.Extensions.Configuration;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Tests.Routing;

public sealed class BackendSplitValidatorTests
{
    private static GatewayOptions Split()
    {
        var backend = new BackendOptions
        {
            Destinations = { ["v1"] = "http://127.0.0.1:5001", ["v2"] = "http://127.0.0.1:5002" },
            Groups =
            {
                ["stable"] = new BackendGroupOptions { Destinations = ["v1"], Weight = 90 },
                ["canary"] = new BackendGroupOptions { Destinations = ["v2"], Weight = 10 },
            },
        };
        backend.Split.Targets.Add(new SplitTargetOptions { Plans = ["free"], Group = "canary" });
        backend.Split.Rollback = new CanaryRollbackOptions { Enabled = true, Group = "canary", Against = "stable" };
        return new GatewayOptions { Backends = { ["catalog"] = backend } };
    }

    private static List<string> Errors(Action<BackendOptions> change)
    {
        var options = Split();
        change(options.Backends["catalog"]);
        return GatewayOptionsValidator.Validate(options);
    }

    [Fact]
    public void A_ninety_ten_split_with_targets_and_rollback_is_valid() => Assert.Empty(GatewayOptionsValidator.Validate(Split()));

    [Fact]
    public void Weights_that_do_not_sum_to_one_hundred_are_rejected() =>
        Assert.Contains("Gateway:Backends:catalog:Groups: the weights sum to 95; they must sum to exactly 100, e.g. 90 and 10.",
            Errors(b => b.Groups["canary"].Weight = 5));

    [Fact]
    public void A_weight_outside_zero_to_one_hundred_is_rejected() =>
        Assert.Contains("Gateway:Backends:catalog:Groups:canary:Weight: 110 must be between 0 and 100 (percent of sticky keys).",
            Errors(b => b.Groups["canary"].Weight = 110));

    [Fact]
    public void A_destination_in_no_group_and_one_in_two_groups_are_each_reported()
    {
        var errors = Errors(b =>
        {
            b.Destinations["v3"] = "http://127.0.0.1:5003";
            b.Groups["canary"].Destinations.Add("v1");
        });

        Assert.Contains("Gateway:Backends:catalog:Destinations:v3: is in no group; with Groups set, list every destination in exactly one group.", errors);
        Assert.Contains(errors, e => e.StartsWith("Gateway:Backends:catalog:Groups:canary:Destinations:1: 'v1' is already in group 'stable'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_group_naming_an_unknown_destination_is_rejected() =>
        Assert.Contains(Errors(b => b.Groups["canary"].Destinations[0] = "v9"),
            e => e.StartsWith("Gateway:Backends:catalog:Groups:canary:Destinations:0: 'v9' is not a destination of this backend", StringComparison.Ordinal));

    [Fact]
    public void Targets_and_rollback_naming_unknown_groups_are_rejected()
    {
        var errors = Errors(b =>
        {
            b.Split.Targets[0].Group = "beta";
            b.Split.Rollback.Against = "canary";
        });

        Assert.Contains("Gateway:Backends:catalog:Split:Targets:0:Group: group 'beta' is not defined (defined: canary, stable).", errors);
        Assert.Contains(errors, e => e.StartsWith("Gateway:Backends:catalog:Split:Rollback:Against: must name a group other than the canary", StringComparison.Ordinal));
    }

    [Fact]
    public void A_target_with_neither_plans_nor_tenants_is_rejected() =>
        Assert.Contains("Gateway:Backends:catalog:Split:Targets:0: name at least one of Plans or Tenants.", Errors(b => b.Split.Targets[0].Plans.Clear()));

    [Theory]
    [InlineData("X-Gateway-Tenant")]
    [InlineData("x_gateway_plan")]
    [InlineData("X-Api-Key")]
    [InlineData("Authorization")]
    [InlineData("X-Forwarded-For")]
    public void Sticky_and_override_headers_the_gateway_owns_are_rejected_as_spoofable(string header)
    {
        var errors = Errors(b =>
        {
            b.Split.StickyBy = "Header:" + header;
            b.Split.OverrideHeader = header;
        });

        Assert.Contains(errors, e => e.StartsWith($"Gateway:Backends:catalog:Split:StickyBy: '{header}' is a header the gateway owns", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"Gateway:Backends:catalog:Split:OverrideHeader: '{header}' is a header the gateway owns", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Header:X Session", "Gateway:Backends:catalog:Split:StickyBy: 'X Session' is not a header name")]
    [InlineData("Header:", "Gateway:Backends:catalog:Split:StickyBy: '' is not a header name")]
    [InlineData("Cookie", "Gateway:Backends:catalog:Split:StickyBy: 'Cookie' must be Tenant, ApiKey, Subject or Header:<name>.")]
    public void A_bad_sticky_key_is_rejected(string stickyBy, string expected) =>
        Assert.Contains(Errors(b => b.Split.StickyBy = stickyBy), e => e.StartsWith(expected, StringComparison.Ordinal));

    [Fact]
    public void Rollback_thresholds_out_of_range_are_each_reported()
    {
        var errors = Errors(b =>
        {
            b.Split.Rollback.Window = TimeSpan.FromMilliseconds(10);
            b.Split.Rollback.MinimumRequests = 0;
            b.Split.Rollback.ErrorRatioMargin = 1.5;
            b.Split.Rollback.P95Margin = TimeSpan.FromSeconds(-1);
        });

        Assert.Contains("Gateway:Backends:catalog:Split:Rollback:Window: must be between 1 second and 1 day, e.g. 00:01:00.", errors);
        Assert.Contains("Gateway:Backends:catalog:Split:Rollback:MinimumRequests: must be at least 1.", errors);
        Assert.Contains("Gateway:Backends:catalog:Split:Rollback:ErrorRatioMargin: must be between 0 and 1, e.g. 0.05 for five percentage points.", errors);
        Assert.Contains("Gateway:Backends:catalog:Split:Rollback:P95Margin: must not be negative, e.g. 00:00:00.250.", errors);
    }

    [Fact]
    public void Targets_or_rollback_without_groups_are_rejected()
    {
        var options = Split();
        options.Backends["catalog"].Groups.Clear();

        Assert.Contains("Gateway:Backends:catalog:Split: Targets and Rollback need Groups; define Gateway:Backends:catalog:Groups:<name> with Destinations and Weight first.",
            GatewayOptionsValidator.Validate(options));
    }

    [Fact]
    public void Flat_split_settings_bind_and_a_misspelt_one_is_named_with_a_suggestion()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Backends:catalog:Destinations:catalog-1"] = "http://127.0.0.1:5101",
            ["Gateway:Backends:catalog:Groups:stable:Destinations:0"] = "catalog-1",
            ["Gateway:Backends:catalog:Groups:stable:Wieght"] = "100",
            ["Gateway:Backends:catalog:Split:Rollback:Window"] = "00:00:30",
        }).Build();
        var errors = new List<string>();

        var options = GatewayOptionsBinder.Bind(configuration.GetSection("Gateway"), errors);

        Assert.Contains("Gateway:Backends:catalog:Groups:stable:Wieght: unknown key 'Wieght' (did you mean 'Weight'?)", errors);
        Assert.Empty(options.Backends);
    }
}
