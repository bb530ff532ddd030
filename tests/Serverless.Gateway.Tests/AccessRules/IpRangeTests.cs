using System.Net;
using Serverless.Gateway.AccessRules;

namespace Serverless.Gateway.Tests.AccessRules;

public sealed class IpRangeTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.0/25", "192.168.1.127", true)]
    [InlineData("192.168.1.0/25", "192.168.1.128", false)]
    [InlineData("203.0.113.7", "203.0.113.7", true)]
    [InlineData("203.0.113.7", "203.0.113.8", false)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("2001:db8:0:8000::/49", "2001:db8:0:ffff::1", true)]
    [InlineData("2001:db8:0:8000::/49", "2001:db8:0:7fff::1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("::/0", "fe80::1", true)]
    [InlineData("::/0", "10.0.0.1", false)]
    [InlineData("10.0.0.0/8", "::1", false)]
    public void A_range_contains_exactly_the_addresses_under_its_prefix(string range, string address, bool contained)
    {
        Assert.True(IpRange.TryParse(range, out var parsed, out var error), error);

        Assert.Equal(contained, parsed.Contains(IPAddress.Parse(address).GetAddressBytes()));
    }

    [Theory]
    [InlineData("10.0.0.1/8", "10.0.0.0/8")]
    [InlineData("192.168.1.1/24", "192.168.1.0/24")]
    [InlineData("2001:db8::1/32", "2001:db8::/32")]
    public void Bits_set_after_the_prefix_are_refused_naming_the_range_the_prefix_gives(string text, string suggestion)
    {
        Assert.False(IpRange.TryParse(text, out _, out var error));

        Assert.Contains("has bits set after", error, StringComparison.Ordinal);
        Assert.Contains(suggestion, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.0/33", "from 0 to 32")]
    [InlineData("2001:db8::/129", "from 0 to 128")]
    [InlineData("10.0.0.0/-1", "from 0 to 32")]
    [InlineData("10.0.0.0/", "from 0 to 32")]
    [InlineData("10.0.0.0/8/8", "from 0 to 32")]
    [InlineData("10.0.0.0/ 8", "from 0 to 32")]
    [InlineData("10", "not a CIDR range")]
    [InlineData("010.0.0.1", "not a CIDR range")]
    [InlineData("10.0.0.256", "not a CIDR range")]
    [InlineData("fe80::1%eth0", "not a CIDR range")]
    [InlineData("example.com", "not a CIDR range")]
    [InlineData("", "is empty")]
    public void Anything_but_a_range_or_an_address_is_refused_with_what_would_do(string text, string message)
    {
        Assert.False(IpRange.TryParse(text, out _, out var error));

        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ipv4_mapped_range_is_kept_as_the_ipv4_range_it_means()
    {
        Assert.True(IpRange.TryParse("::ffff:10.0.0.0/104", out var range, out _));

        Assert.True(range.IsIPv4);
        Assert.Equal("10.0.0.0/8", range.ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("203.0.113.7", "203.0.113.7/32")]
    [InlineData("2001:DB8:0:0::/32", "2001:db8::/32")]
    [InlineData("::1", "::1/128")]
    public void A_range_prints_in_its_normal_form(string text, string normal)
    {
        Assert.True(IpRange.TryParse(text, out var range, out _));

        Assert.Equal(normal, range.ToString());
    }
}
