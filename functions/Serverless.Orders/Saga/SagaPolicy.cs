namespace Serverless.Orders.Saga;

/// <summary>Deadlines and retry budgets of one saga, taken from the orders options (<c>Orders</c> section) when the order is placed.</summary>
public sealed record SagaPolicy(
    TimeSpan StepTimeout,
    TimeSpan SagaTimeout,
    int MaxStepAttempts,
    int MaxCompensationAttempts,
    TimeSpan RetryBaseDelay,
    TimeSpan RetryMaxDelay)
{
    /// <summary>
    /// Exponential backoff from <see cref="RetryBaseDelay"/>, capped at <see cref="RetryMaxDelay"/>, times a jitter factor
    /// between 0.8 and 1.2 that spreads out the retries of many orders that failed together against one participant.
    /// </summary>
    /// <param name="jitter">A number in [0, 1); the orchestrator derives it deterministically so that replays agree.</param>
    public TimeSpan RetryDelay(int attempts, double jitter)
    {
        var exponential = RetryBaseDelay * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        var capped = exponential < RetryMaxDelay ? exponential : RetryMaxDelay;
        return capped * (0.8 + (Math.Clamp(jitter, 0, 1) * 0.4));
    }
}
