using System.ComponentModel.DataAnnotations;

namespace Serverless.Gateway.Triggers;

/// <summary>
/// The standalone runtime's queue trigger settings, read from host.json's <c>extensions.queues</c> (the same file the
/// Functions host reads) and overridable by the app settings the host honours,
/// <c>AzureFunctionsJobHost__extensions__queues__*</c>. Defaults are the host's own.
/// </summary>
public sealed class QueueTriggerOptions
{
    public const string HostJsonSection = "extensions:queues";
    public const string OverrideSection = "AzureFunctionsJobHost:" + HostJsonSection;

    /// <summary>Deliveries before a failing message moves to <c>&lt;queue&gt;-poison</c>. Default 5.</summary>
    [Range(1, 1000)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a failed message stays invisible before its next delivery. Default zero (retry at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Messages received and run in parallel per poll. Default 16; the service returns at most 32.</summary>
    [Range(1, 32)]
    public int BatchSize { get; set; } = 16;

    /// <summary>The longest wait between polls of an empty queue, reached by exponential back-off. Default one minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);
}
