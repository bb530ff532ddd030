using Serverless.LocalRun.Azurite;

namespace Serverless.LocalRun;

/// <summary>Everything the banner names, as it is running.</summary>
/// <param name="ConfigPath">The gateway's configuration file relative to the repository, as the banner shows it.</param>
/// <param name="FullConfigPath">The same file's full path, for CLI commands: <c>dotnet run</c> runs the CLI in its project's folder.</param>
/// <param name="CachedCatalog">The demo backend behind the cached route, whose outage switch the banner shows.</param>
/// <param name="Dashboard">The Aspire dashboard's page; null when it was not started.</param>
internal sealed record BannerAddresses(
    Uri Gateway,
    Uri Orders,
    string ConfigPath,
    string FullConfigPath,
    AzuriteProcess? Azurite,
    Uri Inventory,
    Uri Payment,
    Uri Shipping,
    Uri Notifications,
    Uri CachedCatalog,
    Uri Identity,
    Uri? Dashboard);
