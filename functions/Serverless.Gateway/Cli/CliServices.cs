using Serverless.Gateway.Auth;
using Serverless.Gateway.Caching;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Revisions;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Cli;

/// <summary>
/// What the operator commands use of the app: its configuration (<see cref="CliConfiguration"/>) and the services of the
/// features they operate (storage, API keys, rate limits, functions, the shared response cache, configuration revisions), registered as the app registers them, in a
/// container of their own. No web host is built and nothing is started, so a command costs a fraction of a second.
/// </summary>
public sealed class CliServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private CliServices(ServiceProvider provider) => _provider = provider;

    public IServiceProvider Provider => _provider;

    /// <param name="settings">Configuration on top of the app's, as the command line would give it (<c>config</c> names a file).</param>
    public static CliServices Build(IReadOnlyDictionary<string, string?>? settings)
    {
        var (configuration, hosting) = CliConfiguration.Build(settings ?? new Dictionary<string, string?>());
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(hosting);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddConsole());
        services.AddGatewayStorage();
        services.AddGatewayCaching();
        services.AddGatewayAuth();
        services.AddGatewayRateLimiting();
        services.AddGatewayFunctionFeatures();
        services.AddGatewayRevisionStore();
        return new CliServices(services.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
