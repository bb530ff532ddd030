using System.Net;
using Serverless.Gateway.AccessRules;

namespace Serverless.Gateway.Tests.AccessRules;

public sealed class IpRuleSetTests
{
    [Fact]
    public void No_rules_at_all_is_no_rule_set()
    {
        Assert.Null(IpRuleSet.Create([], []));
        Assert.Null(IpRuleSet.Create(null, null));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("10.9.0.1", false)]
    [InlineData("192.0.2.1", false)]
    [InlineData("2001:db8::5", true)]
    [InlineData("2001:db9::5", false)]
    public void A_deny_match_refuses_and_a_non_empty_allow_list_requires_a_match(string address, bool permitted)
    {
        var rules = IpRuleSet.Create(["10.0.0.0/8", "2001:db8::/32"], ["10.9.0.0/16"])!;

        Assert.Equal(permitted, rules.Permits(IPAddress.Parse(address)));
    }

    [Fact]
    public void With_only_a_deny_list_every_other_address_is_permitted()
    {
        var rules = IpRuleSet.Create([], ["203.0.113.0/24", "::1"])!;

        Assert.False(rules.Permits(IPAddress.Parse("203.0.113.9")));
        Assert.False(rules.Permits(IPAddress.IPv6Loopback));
        Assert.True(rules.Permits(IPAddress.Loopback));
        Assert.True(rules.Permits(IPAddress.Parse("2001:db8::1")));
    }

    [Fact]
    public void An_ipv4_mapped_client_address_is_compared_as_ipv4()
    {
        var rules = IpRuleSet.Create(["10.0.0.0/8"], ["10.9.9.9"])!;

        Assert.True(rules.Permits(IPAddress.Parse("10.1.2.3").MapToIPv6()));
        Assert.False(rules.Permits(IPAddress.Parse("10.9.9.9").MapToIPv6()));
        Assert.False(rules.Permits(IPAddress.Parse("11.1.2.3").MapToIPv6()));
    }

    [Fact]
    public void An_unknown_client_address_fails_closed()
    {
        Assert.False(IpRuleSet.Create([], ["10.0.0.0/8"])!.Permits(null));
        Assert.False(IpRuleSet.Create(["10.0.0.0/8"], [])!.Permits(null));
    }

    [Fact]
    public void An_allow_list_whose_entries_do_not_parse_allows_nothing_rather_than_everything()
    {
        var rules = IpRuleSet.Create(["not-an-address"], [])!;

        Assert.False(rules.Permits(IPAddress.Loopback));
    }
}
