using Serverless.Gateway.AccessRules;

namespace Serverless.Gateway.Tests.AccessRules;

public sealed class AllowedOriginTests
{
    [Theory]
    [InlineData("https://app.example.com", "https://app.example.com")]
    [InlineData("HTTPS://App.Example.COM", "https://app.example.com")]
    [InlineData("https://app.example.com:443", "https://app.example.com")]
    [InlineData("http://localhost:3000", "http://localhost:3000")]
    [InlineData("https://*.example.com", "https://*.example.com")]
    [InlineData("https://*.Example.com:8443", "https://*.example.com:8443")]
    [InlineData("http://[::1]:3000", "http://[::1]:3000")]
    [InlineData("https://bücher.example", "https://xn--bcher-kva.example")]
    [InlineData("*", "*")]
    public void An_origin_is_brought_to_the_form_a_browser_sends(string text, string normal)
    {
        Assert.True(AllowedOrigin.TryNormalize(text, out var normalized, out var error), error);

        Assert.Equal(normal, normalized);
    }

    [Theory]
    [InlineData("https://app.example.com/")]
    [InlineData("https://app.example.com/path")]
    [InlineData("https://app.example.com?x=1")]
    [InlineData("https://user@app.example.com")]
    [InlineData("app.example.com")]
    [InlineData("ftp://app.example.com")]
    [InlineData("null")]
    [InlineData("https://")]
    [InlineData("https://app.*.com")]
    [InlineData("https://*example.com")]
    [InlineData("https://*.com")]
    [InlineData("*.example.com")]
    [InlineData("https://app.example.com:99999")]
    [InlineData("")]
    public void Anything_else_is_refused(string text) => Assert.False(AllowedOrigin.TryNormalize(text, out _, out _));
}
