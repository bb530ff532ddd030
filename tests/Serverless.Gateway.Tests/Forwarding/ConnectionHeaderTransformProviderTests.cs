using Serverless.Gateway.Forwarding;

namespace Serverless.Gateway.Tests.Forwarding;

public sealed class ConnectionHeaderTransformProviderTests
{
    [Theory]
    [InlineData(null, new string[0])]
    [InlineData("", new string[0])]
    [InlineData("keep-alive", new string[0])]
    [InlineData("Close", new string[0])]
    [InlineData("X-Hop", new[] { "X-Hop" })]
    [InlineData(" Keep-Alive , X-Hop,Upgrade ", new[] { "X-Hop", "Upgrade" })]
    [InlineData(",, ,X-Hop,,", new[] { "X-Hop" })]
    [InlineData("keep-alive-ish, closed", new[] { "keep-alive-ish", "closed" })]
    public void Connection_values_name_every_field_but_the_connection_options(string? value, string[] expected)
    {
        var names = new List<string>();
        for (var position = 0; ConnectionHeaderTransformProvider.NextName(value, ref position) is { } name;)
        {
            names.Add(name);
        }

        Assert.Equal(expected, names);
    }
}
