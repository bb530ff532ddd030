namespace Serverless.Gateway.Storage;

/// <summary>The Functions host's naming of poison queues: <c>&lt;queue&gt;-poison</c>, and a poison queue has none of its own.</summary>
public static class PoisonQueues
{
    public const string Suffix = "-poison";

    /// <summary>The time-to-live that makes a Storage queue message never expire.</summary>
    public static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    public static bool IsPoisonQueue(string queueName) => queueName.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

    public static string NameFor(string queueName) => queueName + Suffix;
}
