namespace Serverless.Gateway.Functions;

/// <summary>
/// The code behind one non-HTTP function. It gets trigger data and returns outputs, and cannot tell whether the
/// Functions host or the standalone runtime invoked it. Outputs are written only when it returns, so a handler
/// that throws leaves no side effects through bindings; its own side effects must be idempotent, as messages are retried.
/// </summary>
public interface IFunctionHandler
{
    /// <summary>The function name in <see cref="FunctionCatalog"/>.</summary>
    string Name { get; }

    ValueTask<FunctionResult> InvokeAsync(FunctionInvocation invocation, CancellationToken cancellationToken);
}
