namespace Serverless.Gateway.Cli;

/// <summary>
/// The CLI's services, built when a command first needs one: after parsing (so <c>--config</c> is known), and never
/// for <c>--help</c> or a usage error, which need neither storage nor valid configuration.
/// </summary>
internal sealed class DeferredServices(Func<CliServices> build) : IServiceProvider, IAsyncDisposable
{
    private readonly Lazy<CliServices> _services = new(build);

    public object? GetService(Type serviceType) => _services.Value.Provider.GetService(serviceType);

    public ValueTask DisposeAsync() => _services.IsValueCreated ? _services.Value.DisposeAsync() : ValueTask.CompletedTask;
}
