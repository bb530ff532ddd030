using Cronos;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

internal sealed class TimerTriggerListenerFactory(TriggeredFunctionRunner runner, TimeProvider time, ILogger<TimerTriggerListener> logger) : ITriggerListenerFactory
{
    public string TriggerType => FunctionBinding.TimerTriggerType;

    public ITriggerListener Create(FunctionDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var expression = descriptor.Trigger.GetRequiredString("schedule");
        CronExpression schedule;
        try
        {
            // Functions uses six-field NCRONTAB, seconds first.
            schedule = CronExpression.Parse(expression, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException exception)
        {
            throw new GatewayConfigurationException(
                $"Function '{descriptor.Name}' has the schedule '{expression}', which is not a six-field NCRONTAB expression " +
                $"(second minute hour day month day-of-week, such as '0 */5 * * * *'): {exception.Message}", exception);
        }

        return new TimerTriggerListener(descriptor, schedule, runner, time, logger);
    }
}
