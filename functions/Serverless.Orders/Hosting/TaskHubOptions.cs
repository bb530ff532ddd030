using System.ComponentModel.DataAnnotations;

namespace Serverless.Orders.Hosting;

/// <summary>
/// The standalone task hub on <c>AzureWebJobsStorage</c>, bound from <c>Orders:TaskHub</c>. Under the Functions host
/// host.json's <c>extensions.durableTask</c> section configures the same hub (same name, same storage).
/// </summary>
public sealed class TaskHubOptions
{
    public const string SectionName = "Orders:TaskHub";

    /// <summary>The task hub: tables <c>{Name}History</c> and <c>{Name}Instances</c>, queues <c>{name}-control-NN</c> and <c>{name}-workitems</c>. Default <c>OrdersHub</c>, as in host.json.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    public string Name { get; set; } = "OrdersHub";

    /// <summary>
    /// Longest wait between polls of an idle queue. Durable Functions' default is 30 s, which makes an idle saga take up to
    /// that long to notice its next message; standalone runs use one second. Default one second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Control queues (partitions). Fixed for the life of a task hub. Default 4, as Durable Functions.</summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>How long an activity's message stays hidden while it runs; every activity must finish well within it. Default five minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a control-queue message stays hidden once dequeued. A process that dies holding messages delays their
    /// orchestrations by up to this long, so it bounds how long a crash stalls the sagas it touched; it must outlast the
    /// longest orchestration episode. Default five minutes, as Durable Functions.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Activities run at once by this instance. Default 10.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentActivities { get; set; } = 10;

    /// <summary>Orchestration episodes run at once by this instance. Default 10.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentOrchestrations { get; set; } = 10;
}
