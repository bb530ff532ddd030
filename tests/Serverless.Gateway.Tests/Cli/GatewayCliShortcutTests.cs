using Serverless.Gateway.Cli;

namespace Serverless.Gateway.Tests.Cli;

/// <summary>Which command lines start the gateway without the command tree being built; the rest go through the parser.</summary>
public sealed class GatewayCliShortcutTests
{
    [Theory]
    [InlineData]
    [InlineData("--urls=http://127.0.0.1:7071")]
    [InlineData("--urls", "http://127.0.0.1:7071", "--config=gateway.json")]
    [InlineData("--RateLimiting:Table=Limits", "--config", "gateway.json")]
    public void Settings_alone_start_the_gateway_directly(params string[] args) =>
        Assert.True(GatewayCli.IsSettingsOnly(args));

    [Theory]
    [InlineData("serve", "--urls=http://127.0.0.1:7071")]
    [InlineData("keys", "list")]
    [InlineData("--help")]
    [InlineData("--urls=http://127.0.0.1:7071", "-h")]
    [InlineData("--version")]
    [InlineData("@settings.rsp")]
    [InlineData("--urls=http://127.0.0.1:7071", "@settings.rsp")]
    [InlineData("urls=http://127.0.0.1:7071")]
    public void A_command_a_request_for_help_or_a_response_file_goes_through_the_parser(params string[] args) =>
        Assert.False(GatewayCli.IsSettingsOnly(args));
}
