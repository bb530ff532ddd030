using System.ComponentModel.DataAnnotations;

namespace Serverless.Orders.Participants;

/// <summary>
/// The services the saga's steps call, bound from <c>Orders:Participants</c>. These are the only hosts the orders app
/// ever contacts on a saga's behalf.
/// </summary>
public sealed class ParticipantsOptions
{
    public const string SectionName = "Orders:Participants";

    /// <summary>Required. Base URL of the inventory service (ReserveInventory, ReleaseInventory).</summary>
    [Required]
    public Uri? Inventory { get; set; }

    /// <summary>Required. Base URL of the payment service (ChargePayment, RefundPayment).</summary>
    [Required]
    public Uri? Payment { get; set; }

    /// <summary>Required. Base URL of the shipping service (CreateShipment, CancelShipment).</summary>
    [Required]
    public Uri? Shipping { get; set; }

    /// <summary>
    /// How long one call may take before it counts as a transient failure. Activities must finish well within the task
    /// hub's work-item visibility timeout, or they run twice. Default ten seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
