namespace Serverless.Gateway.Storage;

/// <summary>The Functions host's naming of poison queues: <c>&lt;queue&gt;-poison</c>, and a poison queue has none of its own.</summary>
public static class PoisonQueues
{
    public const string Suffix = "-poison";

    public static bool IsPoisonQueue(string queueName) => queueName.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

    public static string NameFor(string queueName) => queueName + Suffix;
}
