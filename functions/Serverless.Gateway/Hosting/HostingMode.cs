namespace Serverless.Gateway.Hosting;

/// <summary>How the process is hosted; function code cannot tell the two apart.</summary>
public enum HostingMode
{
    /// <summary>Kestrel on its own URL, with the in-process trigger runtime driving queue and timer functions.</summary>
    Standalone,

    /// <summary>Launched by the Azure Functions host as a custom handler on <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>.</summary>
    FunctionsHost,
}
