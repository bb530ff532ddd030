namespace Serverless.Gateway.Triggers;

/// <summary>Where the standalone runtime finds host.json and the function.json folders.</summary>
public static class FunctionScriptRoot
{
    /// <summary>The Functions host's own setting for the script root; it defaults to the app's directory, where the build puts the files.</summary>
    public const string SettingName = "AzureWebJobsScriptRoot";

    public const string HostJsonFileName = "host.json";

    public static string Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[SettingName] is { Length: > 0 } root ? root : AppContext.BaseDirectory;
    }
}
