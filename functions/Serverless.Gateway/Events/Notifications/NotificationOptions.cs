using System.ComponentModel.DataAnnotations;

namespace Serverless.Gateway.Events.Notifications;

/// <summary>
/// The order notifications webhook, bound from <c>Events:Notifications</c>.
/// <para>
/// A gateway without a webhook still starts and runs its orders: when <see cref="Backend"/> is not in
/// <c>Gateway:Backends</c>, each event is acknowledged without a call and a warning names the missing backend. Start-up
/// deliberately does not fail on it, because notifications are an optional integration (a gateway that only proxies, or
/// runs orders without a receiver, must not need one) and because <c>Gateway:Backends</c> reloads live: a check made
/// once at start-up would not hold later, the per-event check does. Set <see cref="Enabled"/> to false to turn
/// notifications off on purpose and silence the warning.
/// </para>
/// </summary>
public sealed class NotificationOptions
{
    public const string SectionName = EventsOptions.SectionName + ":Notifications";

    /// <summary>
    /// Whether placed, completed and cancelled orders are posted to the webhook. Default true, which means "whenever
    /// <see cref="Backend"/> is configured"; false acknowledges every event without a call.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The <c>Gateway:Backends</c> entry of the receiver; its destinations, attempt timeout, retries and circuit breaker
    /// apply to every call. Default <c>notifications</c>.
    /// </summary>
    [Required]
    public string Backend { get; set; } = "notifications";

    /// <summary>
    /// Where events are posted, relative to the destination's address (so a destination <c>https://host/api</c> and the
    /// default give <c>https://host/api/hooks/orders</c>). Must start with a single <c>/</c>. Default <c>/hooks/orders</c>.
    /// </summary>
    [Required]
    [RegularExpression(@"^/(?!/)[^\s#]*$", ErrorMessage = "Path must be a path starting with a single '/', without spaces or a fragment.")]
    public string Path { get; set; } = "/hooks/orders";
}
