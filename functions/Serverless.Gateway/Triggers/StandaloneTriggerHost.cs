using Microsoft.Extensions.Options;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

/// <summary>
/// The standalone stand-in for the Functions host's trigger machinery. At start-up it reads the function.json files
/// from the script root (failing if they have drifted from the code), resolves <c>%AppSetting%</c> expressions, and
/// fails on anything it cannot run; then it runs one listener per enabled non-HTTP function until shutdown.
/// </summary>
internal sealed class StandaloneTriggerHost(
    FunctionInvoker invoker,
    IEnumerable<ITriggerListenerFactory> factories,
    OutputBindingWriter outputs,
    IOptions<StandaloneTriggerOptions> options,
    IConfiguration configuration,
    ILogger<StandaloneTriggerHost> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _listeners = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var scriptRoot = FunctionScriptRoot.Resolve(configuration);
        var functions = FunctionAppDirectory.Load(scriptRoot, invoker.Catalog);
        if (!options.Value.Enabled)
        {
            logger.TriggerRuntimeDisabled(StandaloneTriggerOptions.SectionName);
            return Task.CompletedTask;
        }

        var factoriesByType = factories.ToDictionary(static factory => factory.TriggerType, StringComparer.OrdinalIgnoreCase);
        var listeners = new List<ITriggerListener>();
        foreach (var function in functions.Where(static function => !function.IsHttp))
        {
            if (AppSettings.IsDisabled(configuration, function.Name))
            {
                logger.FunctionDisabled(function.Name);
                continue;
            }

            var resolved = AppSettings.Resolve(function, configuration);
            outputs.EnsureSupported(resolved);
            var factory = factoriesByType.GetValueOrDefault(resolved.Trigger.Type)
                ?? throw new InvalidOperationException(
                    $"Function '{function.Name}' has a '{resolved.Trigger.Type}' trigger, which the standalone runtime cannot run. " +
                    $"Register an {nameof(ITriggerListenerFactory)} for it, or disable the function with AzureWebJobs.{function.Name}.Disabled=true.");
            listeners.Add(factory.Create(resolved));
        }

        logger.TriggerRuntimeStarted(listeners.Count, scriptRoot);
        _listeners = [.. listeners.Select(listener => Task.Run(() => listener.RunAsync(_stopping.Token), CancellationToken.None))];
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            // Listeners return once in-flight messages are settled; the host's shutdown timeout bounds the wait.
            await Task.WhenAll(_listeners).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.TriggerRuntimeStopTimedOut();
        }
    }

    public void Dispose() => _stopping.Dispose();
}
