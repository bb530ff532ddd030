using Microsoft.Extensions.Options;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Caching;

/// <summary>The <c>Caching</c> section is checked when the gateway starts: a bad value or a misspelt key stops it.</summary>
public sealed class CachingOptionsTests
{
    [Theory]
    [InlineData("Caching:MemoryLimitBytes", "0", "Caching:MemoryLimitBytes: must be a positive number of bytes, e.g. 67108864.")]
    [InlineData("Caching:Table", "response-cache", "Caching:Table: must be a table name (a letter, then 2 to 62 letters or digits), e.g. ResponseCache.")]
    [InlineData("Caching:Tabel", "Cache", "Tabel")]
    public async Task A_bad_caching_setting_stops_start_up_naming_it(string key, string value, string expected)
    {
        await using var app = GatewayTestServer.Build(new GatewaySettings().Set("urls", "http://127.0.0.1:0").Set(key, value).Build());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
