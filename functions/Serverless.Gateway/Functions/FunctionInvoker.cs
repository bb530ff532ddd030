using System.Diagnostics;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Functions;

/// <summary>
/// Runs a function's handler for either hosting mode: checks that every invoked function in the catalog has exactly
/// one handler (at construction, so a missing handler fails start-up), traces and logs the invocation, and rejects
/// outputs that name no output binding, which the host would otherwise drop silently.
/// </summary>
public sealed class FunctionInvoker
{
    private readonly FunctionCatalog _catalog;
    private readonly Dictionary<string, IFunctionHandler> _handlers;
    private readonly TimeProvider _time;
    private readonly ILogger<FunctionInvoker> _logger;

    public FunctionInvoker(FunctionCatalog catalog, IEnumerable<IFunctionHandler> handlers, TimeProvider time, ILogger<FunctionInvoker> logger)
    {
        _catalog = catalog;
        _time = time;
        _logger = logger;
        _handlers = new Dictionary<string, IFunctionHandler>(StringComparer.OrdinalIgnoreCase);
        foreach (var handler in handlers)
        {
            if (catalog.Find(handler.Name) is not { IsHttp: false })
            {
                throw new InvalidOperationException($"The handler {handler.GetType().Name} is for '{handler.Name}', which is not a non-HTTP function in the catalog.");
            }

            if (!_handlers.TryAdd(handler.Name, handler))
            {
                throw new InvalidOperationException($"The function '{handler.Name}' has more than one handler.");
            }
        }

        var missing = catalog.InvokedFunctions.Where(function => !_handlers.ContainsKey(function.Name)).Select(static function => function.Name).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"These functions have no registered {nameof(IFunctionHandler)}: {string.Join(", ", missing)}.");
        }
    }

    public FunctionCatalog Catalog => _catalog;

    public async ValueTask<FunctionResult> InvokeAsync(FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var handler = _handlers.TryGetValue(invocation.FunctionName, out var found)
            ? found
            : throw new InvalidOperationException($"There is no function '{invocation.FunctionName}'.");
        var descriptor = _catalog.Find(handler.Name)!;

        using var activity = FunctionsTelemetry.Source.StartActivity(descriptor.Name, ActivityKind.Internal);
        activity?.SetTag(FunctionsTelemetry.FunctionNameTag, descriptor.Name);
        activity?.SetTag(FunctionsTelemetry.TriggerTag, FunctionsTelemetry.TriggerKind(descriptor.Trigger));
        activity?.SetTag(GatewayTelemetry.InvocationIdTag, invocation.InvocationId);

        _logger.Invoking(descriptor.Name, invocation.InvocationId);
        var started = _time.GetTimestamp();
        try
        {
            var result = await handler.InvokeAsync(invocation, cancellationToken);
            var unknown = result.Outputs.Keys.FirstOrDefault(name => descriptor.FindOutput(name) is null);
            if (unknown is not null)
            {
                throw new InvalidOperationException($"Function '{descriptor.Name}' returned the output '{unknown}', but it has no output binding of that name.");
            }

            var elapsed = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            _logger.Succeeded(descriptor.Name, elapsed, invocation.InvocationId);
            return result;
        }
        catch (FunctionInputException exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            _logger.InputRejected(descriptor.Name, invocation.InvocationId, exception.Message);
            throw;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            _logger.Failed(exception, descriptor.Name, invocation.InvocationId);
            throw;
        }
    }
}
