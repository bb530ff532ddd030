namespace Serverless.Gateway.Triggers;

/// <summary>Log events of the standalone trigger runtime, ids 3100-3199.</summary>
internal static partial class TriggersLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Standalone trigger runtime started {ListenerCount} listeners from {ScriptRoot}")]
    public static partial void TriggerRuntimeStarted(this ILogger logger, int listenerCount, string scriptRoot);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Function {FunctionName} is disabled by its AzureWebJobs.<FunctionName>.Disabled setting")]
    public static partial void FunctionDisabled(this ILogger logger, string functionName);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Function {FunctionName} listens on queue {QueueName} (batch {BatchSize}, max dequeue {MaxDequeueCount}, retry after {VisibilityTimeout}, polling up to {MaxPollingInterval})")]
    public static partial void QueueListenerStarted(this ILogger logger, string functionName, string queueName, int batchSize, int maxDequeueCount, TimeSpan visibilityTimeout, TimeSpan maxPollingInterval);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Function {FunctionName} runs on schedule {Schedule}; next at {NextOccurrence:O}")]
    public static partial void TimerListenerStarted(this ILogger logger, string functionName, string schedule, DateTimeOffset? nextOccurrence);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Function {FunctionName} failed message {MessageId} on delivery {DequeueCount} of {MaxDequeueCount}; it reappears after {VisibilityTimeout}")]
    public static partial void MessageReleased(this ILogger logger, string functionName, string messageId, long dequeueCount, int maxDequeueCount, TimeSpan visibilityTimeout);

    /// <summary>{MessageId} is the dead letter's id in the poison queue, the one <c>events dead-letters show|replay --id</c> takes; the copy gets a new id.</summary>
    [LoggerMessage(EventId = 3106, Level = LogLevel.Error,
        Message = "Function {FunctionName} moved message {SourceMessageId} to {PoisonQueueName} as dead letter {MessageId} after {DequeueCount} deliveries")]
    public static partial void MessageMovedToPoison(this ILogger logger, string functionName, string sourceMessageId, long dequeueCount, string poisonQueueName, string messageId);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "Function {FunctionName} could not {Operation} on queue {QueueName}; the message reappears when its lease ends")]
    public static partial void QueueOperationFailed(this ILogger logger, Exception exception, string functionName, string queueName, string operation);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Error, Message = "Function {FunctionName} succeeded but its output {BindingName} ({BindingType}) could not be written; the invocation counts as failed")]
    public static partial void OutputWriteFailed(this ILogger logger, Exception exception, string functionName, string bindingName, string bindingType);

    // Debug because handlers also log through ILogger; the lines matter most under the host, which files them with the invocation.
    [LoggerMessage(EventId = 3109, Level = LogLevel.Debug, Message = "{FunctionName} (invocation {InvocationId}): {Line}")]
    public static partial void FunctionLog(this ILogger logger, string functionName, string invocationId, string line);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "Standalone trigger runtime stopped before every in-flight invocation finished")]
    public static partial void TriggerRuntimeStopTimedOut(this ILogger logger);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Information, Message = "Standalone trigger runtime is disabled by {SectionName}:Enabled=false; queue and timer functions do not run")]
    public static partial void TriggerRuntimeDisabled(this ILogger logger, string sectionName);
}
