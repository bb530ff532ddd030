using Serverless.Gateway.AccessRules;

namespace Serverless.Gateway.Tests.AccessRules;

public sealed class OriginAllowListTests
{
    private static readonly OriginAllowList List = OriginAllowList.Create(["https://app.example.com", "https://*.example.org", "http://localhost:3000"]);

    [Theory]
    [InlineData("https://app.example.com", true)]
    [InlineData("https://APP.example.com", true)]
    [InlineData("http://app.example.com", false)]
    [InlineData("https://app.example.com:8443", false)]
    [InlineData("https://app.example.com.evil.com", false)]
    [InlineData("https://evilapp.example.com", false)]
    [InlineData("https://a.example.org", true)]
    [InlineData("https://a.b.example.org", true)]
    [InlineData("https://example.org", false)]
    [InlineData("https://evilexample.org", false)]
    [InlineData("https://.example.org", false)]
    [InlineData("https://a:1@b.example.org", false)]
    [InlineData("https://a/.example.org", false)]
    [InlineData("https://a.example.org:444", false)]
    [InlineData("http://a.example.org", false)]
    [InlineData("http://localhost:3000", true)]
    [InlineData("http://localhost:3001", false)]
    [InlineData("null", false)]
    [InlineData("", false)]
    public void Only_listed_origins_and_subdomains_of_wildcards_are_allowed(string origin, bool allowed) =>
        Assert.Equal(allowed, List.IsAllowed(origin));

    [Fact]
    public void A_star_allows_any_origin() => Assert.True(OriginAllowList.Create(["*"]).IsAllowed("https://anything.example"));

    [Fact]
    public void Entries_that_are_not_origins_match_nothing() => Assert.False(OriginAllowList.Create(["not an origin"]).IsAllowed("not an origin"));
}
