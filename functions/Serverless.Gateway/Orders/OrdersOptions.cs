using System.ComponentModel.DataAnnotations;
using Serverless.Gateway.Auth;

namespace Serverless.Gateway.Orders;

/// <summary>
/// The order saga, bound from the <c>Orders</c> section. Off by default: a gateway that only proxies needs none of it.
/// </summary>
public sealed class OrdersOptions
{
    public const string SectionName = "Orders";

    /// <summary>Whether <c>/orders</c> is served and the saga function runs. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The <c>Gateway:Backends</c> entry the ReserveInventory and ReleaseInventory steps call. Default <c>inventory</c>.</summary>
    [Required]
    public string InventoryBackend { get; set; } = "inventory";

    /// <summary>The backend ChargePayment and RefundPayment call. Default <c>payment</c>.</summary>
    [Required]
    public string PaymentBackend { get; set; } = "payment";

    /// <summary>The backend CreateShipment and CancelShipment call. Default <c>shipping</c>.</summary>
    [Required]
    public string ShippingBackend { get; set; } = "shipping";

    /// <summary>Credentials the orders API accepts. Default an API key or a JWT.</summary>
    public AuthRequirement Require { get; set; } = AuthRequirement.ApiKeyOrJwt;

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

    /// <summary>
    /// When the reminder sent before an order is stored comes due, dispatching whatever the request could not send
    /// (the process died between storing the order and sending its first message). Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReminderDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A running saga unchanged for this long, with no retry scheduled, is resumed by the sweeper (every five minutes).
    /// Must outlast the longest step. Default five minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(5);
}
