using Serverless.LocalRun;
using Serverless.LocalRun.Cli;

namespace Serverless.Gateway.Tests.LocalRun;

public sealed class LocalRunOptionsTests
{
    [Fact]
    public void Without_options_everything_starts_on_the_default_ports()
    {
        var (options, errors) = LocalRunCli.ParseOptions([]);

        Assert.Empty(errors);
        Assert.Equal(new LocalRunOptions(GatewayPort: 7071, OrdersPort: 7072, IdentityPort: 7073, DashboardPort: 18888, OtlpPort: 4318, StartAzurite: true, StartDashboard: true), options);
    }

    [Fact]
    public void Each_port_can_be_chosen_and_azurite_and_the_dashboard_left_out()
    {
        var (options, errors) = LocalRunCli.ParseOptions(
            ["--port", "8081", "--orders-port", "8082", "--identity-port", "8083", "--dashboard-port", "8084", "--otlp-port", "8085", "--no-azurite", "--no-dashboard"]);

        Assert.Empty(errors);
        Assert.Equal(new LocalRunOptions(GatewayPort: 8081, OrdersPort: 8082, IdentityPort: 8083, DashboardPort: 8084, OtlpPort: 8085, StartAzurite: false, StartDashboard: false), options);
    }

    [Theory]
    [InlineData("--orders-port")]
    [InlineData("--orders-port", "0")]
    [InlineData("--orders-port", "65536")]
    [InlineData("--orders-port", "seventy")]
    [InlineData("--port", "7072")]
    [InlineData("--orders-port", "7071")]
    [InlineData("--identity-port", "18888")]
    [InlineData("--otlp-port", "7071")]
    [InlineData("--unknown")]
    public void Bad_options_are_refused_with_a_reason(params string[] args)
    {
        var (options, errors) = LocalRunCli.ParseOptions(args);

        Assert.Null(options);
        Assert.NotEmpty(errors);
        Assert.All(errors, error => Assert.False(string.IsNullOrWhiteSpace(error)));
    }

    [Fact]
    public void Without_the_dashboard_its_ports_may_be_anything()
    {
        var (options, errors) = LocalRunCli.ParseOptions(["--no-dashboard", "--otlp-port", "7071"]);

        Assert.Empty(errors);
        Assert.NotNull(options);
    }
}
