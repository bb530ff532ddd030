using Serverless.Gateway.Configuration;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Cli;

/// <summary>
/// The gateway's configuration sources, in the order its web host reads them, without the web host: environment variables
/// prefixed ASPNETCORE_ and DOTNET_; appsettings.json, Serverless.Gateway.settings.json and their {environment} variants
/// beside the executable; environment variables; the command line; and in standalone mode local.settings.json from the
/// current directory and the file named by <c>config</c>, inserted where <see cref="LocalSettingsConfigurationExtensions"/>
/// inserts them in the app.
/// Nothing is watched: a command reads its configuration once.
/// </summary>
internal static class CliConfiguration
{
    public static (ConfigurationManager Configuration, GatewayHostingContext Hosting) Build(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables("ASPNETCORE_");
        configuration.AddEnvironmentVariables("DOTNET_");
        var environment = configuration[HostDefaults.EnvironmentKey] is { Length: > 0 } name ? name : Environments.Production;
        var application = typeof(CliConfiguration).Assembly.GetName().Name;
        configuration.SetBasePath(AppContext.BaseDirectory);
        foreach (var file in (string[])["appsettings", $"{application}.settings"])
        {
            configuration.AddJsonFile($"{file}.json", optional: true, reloadOnChange: false);
            configuration.AddJsonFile($"{file}.{environment}.json", optional: true, reloadOnChange: false);
        }

        configuration.AddEnvironmentVariables();
        configuration.AddInMemoryCollection(settings);

        var hosting = GatewayHostingContext.Detect(configuration);
        if (hosting.Mode == HostingMode.Standalone)
        {
            configuration.AddStandaloneSources(configuration["config"]);
        }

        return (configuration, hosting);
    }
}
