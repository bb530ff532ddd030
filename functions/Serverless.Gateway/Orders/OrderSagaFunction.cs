using Serverless.Gateway.Functions;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Orders;

/// <summary>The queue-triggered function that runs sagas, the same under the Functions host and standalone.</summary>
public sealed class OrderSagaFunction(IServiceProvider services) : IFunctionHandler
{
    public const string FunctionName = "OrderSaga";
    public const string QueueName = "orders-saga";
    public const string TriggerBinding = "message";

    public static FunctionDescriptor Descriptor { get; } = new(FunctionName,
    [
        FunctionBinding.QueueTrigger(TriggerBinding, QueueName, StorageClientFactory.DefaultConnectionName),
    ]);

    public string Name => FunctionName;

    public async ValueTask<FunctionResult> InvokeAsync(FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var message = SagaMessage.Parse(invocation.Data.GetRequired(TriggerBinding));

        // Resolved per call: with orders switched off the function exists (function.json is fixed) but does nothing.
        if (services.GetService<OrderSagaProcessor>() is not { } processor)
        {
            return new FunctionResult { Logs = ["Orders are not enabled; message dropped."] };
        }

        await processor.ProcessAsync(message, invocation.Metadata.GetInt32("DequeueCount") ?? 1, cancellationToken);
        return FunctionResult.Empty;
    }
}
