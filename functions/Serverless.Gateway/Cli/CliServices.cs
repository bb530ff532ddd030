using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Cli;

/// <summary>The app's own service collection and configuration sources, built but never started, for the CLI.</summary>
public sealed class CliServices : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CliServices(WebApplication app) => _app = app;

    public IServiceProvider Provider => _app.Services;

    public static CliServices Build(IReadOnlyDictionary<string, string?>? settings)
    {
        var args = (settings ?? new Dictionary<string, string?>()).Select(pair => $"--{pair.Key}={pair.Value}").ToArray();
        var builder = GatewayApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return new CliServices(builder.Build());
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
