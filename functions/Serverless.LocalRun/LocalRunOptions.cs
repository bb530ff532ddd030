namespace Serverless.LocalRun;

/// <summary>The local run's options, parsed by <see cref="Cli.LocalRunCli"/>; the defaults are the ports the banner and the docs name.</summary>
internal sealed record LocalRunOptions(
    int GatewayPort = LocalRunOptions.DefaultGatewayPort,
    int OrdersPort = LocalRunOptions.DefaultOrdersPort,
    int IdentityPort = LocalRunOptions.DefaultIdentityPort,
    int DashboardPort = LocalRunOptions.DefaultDashboardPort,
    int OtlpPort = LocalRunOptions.DefaultOtlpPort,
    bool StartAzurite = true,
    bool StartDashboard = true)
{
    public const int DefaultGatewayPort = 7071;
    public const int DefaultOrdersPort = 7072;

    /// <summary>The development identity provider's port; the <c>token</c> command's issuer names it, so both must agree.</summary>
    public const int DefaultIdentityPort = 7073;

    /// <summary>The Aspire dashboard's own default.</summary>
    public const int DefaultDashboardPort = 18888;

    /// <summary>OTLP/HTTP's registered port, where OpenTelemetry exporters send by default.</summary>
    public const int DefaultOtlpPort = 4318;

    /// <summary>Each listening port with the option that sets it, for the check that no two collide.</summary>
    public IEnumerable<(string Option, int Port)> Ports()
    {
        yield return ("--port", GatewayPort);
        yield return ("--orders-port", OrdersPort);
        yield return ("--identity-port", IdentityPort);
        if (StartDashboard)
        {
            yield return ("--dashboard-port", DashboardPort);
            yield return ("--otlp-port", OtlpPort);
        }
    }
}
