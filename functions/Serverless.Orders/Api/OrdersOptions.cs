using System.ComponentModel.DataAnnotations;
using Serverless.Orders.Saga;

namespace Serverless.Orders.Api;

/// <summary>The orders API's scopes and the saga's deadlines and retry budgets, bound from the <c>Orders</c> section.</summary>
public sealed class OrdersOptions
{
    public const string SectionName = "Orders";

    /// <summary>Scope needed to place and cancel orders. Default <c>orders:write</c>.</summary>
    [Required]
    public string WriteScope { get; set; } = "orders:write";

    /// <summary>Scope needed to read an order's status. Default <c>orders:read</c>.</summary>
    [Required]
    public string ReadScope { get; set; } = "orders:read";

    /// <summary>Scope of operators: retry a saga in NeedsAttention, and see and cancel any tenant's orders. Default <c>orders:operate</c>.</summary>
    [Required]
    public string OperatorScope { get; set; } = "orders:operate";

    /// <summary>How long one step may take, retries included, before the saga compensates. Default one minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a whole saga may run its steps before it compensates. Default ten minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00")]
    public TimeSpan SagaTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts of a step that keeps failing transiently before the saga compensates. Default 5.</summary>
    [Range(1, 100)]
    public int MaxStepAttempts { get; set; } = 5;

    /// <summary>Attempts of a compensation before the saga stops in NeedsAttention. Default 10.</summary>
    [Range(1, 1000)]
    public int MaxCompensationAttempts { get; set; } = 10;

    /// <summary>Delay before the first retry of a step or compensation; later ones double, with jitter. Default one second.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between retries. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The policy a saga placed now runs under; it travels in the orchestration's input.</summary>
    public SagaPolicy ToPolicy() => new(StepTimeout, SagaTimeout, MaxStepAttempts, MaxCompensationAttempts, RetryBaseDelay, RetryMaxDelay);
}
