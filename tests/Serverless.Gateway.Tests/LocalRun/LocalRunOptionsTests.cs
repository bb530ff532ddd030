using Serverless.LocalRun;

namespace Serverless.Gateway.Tests.LocalRun;

public sealed class LocalRunOptionsTests
{
    [Fact]
    public void Without_options_the_gateway_listens_on_7071_and_the_orders_service_on_7072()
    {
        var options = LocalRunOptions.Parse([]);

        Assert.Equal(new LocalRunOptions(GatewayPort: 7071, OrdersPort: 7072, StartAzurite: true, ShowHelp: false), options);
    }

    [Fact]
    public void Each_app_s_port_can_be_chosen()
    {
        var options = LocalRunOptions.Parse(["--port", "8081", "--orders-port", "8082", "--no-azurite"]);

        Assert.Equal(new LocalRunOptions(GatewayPort: 8081, OrdersPort: 8082, StartAzurite: false, ShowHelp: false), options);
    }

    [Theory]
    [InlineData("--orders-port")]
    [InlineData("--orders-port", "0")]
    [InlineData("--orders-port", "65536")]
    [InlineData("--orders-port", "seventy")]
    [InlineData("--port", "7072")]
    [InlineData("--orders-port", "7071")]
    [InlineData("--unknown")]
    public void Bad_options_are_refused_with_a_reason(params string[] args)
    {
        var exception = Assert.Throws<ArgumentException>(() => LocalRunOptions.Parse(args));

        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
    }

    [Fact]
    public void Usage_names_every_option()
    {
        Assert.All(["--port", "--orders-port", "--no-azurite", "--help"], option => Assert.Contains(option, LocalRunOptions.Usage, StringComparison.Ordinal));
    }
}
