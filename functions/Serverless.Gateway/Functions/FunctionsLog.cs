namespace Serverless.Gateway.Functions;

/// <summary>Log events of function invocation, ids 3000-3099.</summary>
internal static partial class FunctionsLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "Invoking function {FunctionName} (invocation {InvocationId})")]
    public static partial void Invoking(this ILogger logger, string functionName, string invocationId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Function {FunctionName} succeeded in {ElapsedMilliseconds} ms (invocation {InvocationId})")]
    public static partial void Succeeded(this ILogger logger, string functionName, long elapsedMilliseconds, string invocationId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Function {FunctionName} rejected its input (invocation {InvocationId}): {Reason}")]
    public static partial void InputRejected(this ILogger logger, string functionName, string invocationId, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Function {FunctionName} failed (invocation {InvocationId})")]
    public static partial void Failed(this ILogger logger, Exception exception, string functionName, string invocationId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Rejected a request to invoke function {FunctionName} that came through the host's HTTP proxy (x-ms-invocation-id {ProxiedInvocationId})")]
    public static partial void ProxiedInvocationRejected(this ILogger logger, string functionName, string proxiedInvocationId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Rejected a malformed invocation payload for function {FunctionName}: {Reason}")]
    public static partial void PayloadRejected(this ILogger logger, string functionName, string reason);
}
