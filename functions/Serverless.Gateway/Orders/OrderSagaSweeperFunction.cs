using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Orders;

/// <summary>Runs <see cref="OrderSagaSweeper"/> every five minutes. The schedule is fixed so deployments need no extra app setting.</summary>
public sealed class OrderSagaSweeperFunction(IServiceProvider services) : IFunctionHandler
{
    public const string FunctionName = "OrderSagaSweeper";
    public const string Schedule = "0 */5 * * * *";
    public const string TimerBinding = "timer";

    public static FunctionDescriptor Descriptor { get; } = new(FunctionName, [FunctionBinding.TimerTrigger(TimerBinding, Schedule)]);

    public string Name => FunctionName;

    public async ValueTask<FunctionResult> InvokeAsync(FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        if (services.GetService<OrderSagaSweeper>() is not { } sweeper)
        {
            return FunctionResult.Empty;
        }

        var resumed = await sweeper.SweepAsync(cancellationToken);
        return new FunctionResult { Logs = [$"Resumed {resumed} stuck order saga(s)."] };
    }
}
