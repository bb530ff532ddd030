using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

/// <summary>
/// One standalone invocation as the host performs it: run the handler, log its log lines, then write its outputs.
/// Outputs are written only after the handler succeeded; any exception means the invocation failed.
/// </summary>
internal sealed class TriggeredFunctionRunner(FunctionInvoker invoker, OutputBindingWriter outputs, ILogger<TriggeredFunctionRunner> logger)
{
    public async Task RunAsync(FunctionDescriptor function, FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        var result = await invoker.InvokeAsync(invocation, cancellationToken);
        foreach (var line in result.Logs)
        {
            logger.FunctionLog(function.Name, invocation.InvocationId, line);
        }

        await outputs.WriteAsync(function, result, cancellationToken);
    }
}
