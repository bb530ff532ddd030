using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Events.DeadLetters;

/// <summary>
/// The standalone runtime's dead letters: the <c>&lt;queue&gt;-poison</c> queue of every queue- or
/// subscription-triggered function in the catalog (a subscription's poison queue stands in for its Service Bus
/// dead-letter queue). Looking never disturbs a message (peek). Replaying copies a message back to its source queue,
/// then deletes it: a crash in between leaves a duplicate, which consumers drop by event id, never a lost message.
/// </summary>
public sealed class DeadLetterQueues
{
    /// <summary>The most messages Storage queues return from one peek or receive.</summary>
    public const int PeekLimit = 32;

    /// <summary>
    /// How long a replay keeps the messages it received but is not replaying hidden, so that a scan does not see them
    /// again; they are released at the end, or reappear by themselves after this if the process dies.
    /// </summary>
    private static readonly TimeSpan HoldFor = TimeSpan.FromMinutes(2);

    private readonly IConfiguration _configuration;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, QueueServiceClient> _accounts = new(StringComparer.OrdinalIgnoreCase);

    public DeadLetterQueues(FunctionCatalog catalog, IConfiguration configuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _configuration = configuration;
        _time = time;
        Queues = DeadLetterChannels.Discover(catalog, configuration);
    }

    /// <summary>Every poison queue the catalog's functions can fill, ordered by name.</summary>
    public IReadOnlyList<DeadLetterChannel> Queues { get; }

    /// <summary>A poison queue by name; a source queue's name gets a pointer to its poison queue instead.</summary>
    public DeadLetterChannel Find(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (Queues.FirstOrDefault(queue => string.Equals(queue.Name, name, StringComparison.OrdinalIgnoreCase)) is { } found)
        {
            return found;
        }

        throw new KeyNotFoundException(
            Queues.FirstOrDefault(queue => string.Equals(queue.SourceQueue, name, StringComparison.OrdinalIgnoreCase)) is { } source
                ? $"'{name}' is the queue of {string.Join(", ", source.Functions)}, not a poison queue; its dead letters are in '{source.Name}'."
                : $"'{name}' is not a known poison queue. Known: {string.Join(", ", Queues.Select(static queue => queue.Name))}.");
    }

    /// <summary>The poison queue of a topic subscription, the standalone stand-in for its dead-letter queue.</summary>
    public DeadLetterChannel ForSubscription(string subscription, string topic = EventConsumerFunction.Topic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription);
        var subscriptions = Queues.Where(queue => string.Equals(queue.Topic, topic, StringComparison.OrdinalIgnoreCase)).ToList();
        return subscriptions.FirstOrDefault(queue => string.Equals(queue.Subscription, subscription, StringComparison.OrdinalIgnoreCase))
            ?? throw new KeyNotFoundException(subscriptions.Count == 0
                ? $"No function subscribes to the topic '{topic}', so it has no subscription '{subscription}'."
                : $"The topic '{topic}' has no subscription '{subscription}'. Subscriptions: {string.Join(", ", subscriptions.Select(static queue => queue.Subscription))}.");
    }

    /// <summary>The oldest messages of a poison queue (at most <see cref="PeekLimit"/>), without changing them; a queue not yet created is empty.</summary>
    public async Task<DeadLetterPeek> PeekAsync(DeadLetterChannel queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var poison = Client(queue, queue.Name);
        try
        {
            var properties = await poison.GetPropertiesAsync(cancellationToken);
            var peeked = await poison.PeekMessagesAsync(PeekLimit, cancellationToken);
            var messages = peeked.Value
                .Select(message => new DeadLetterMessage(queue.Name, message.MessageId, message.InsertedOn, message.ExpiresOn, message.DequeueCount, message.Body.ToString()))
                .ToList();

            // The count is approximate and read first, so it can trail what the peek found.
            return new DeadLetterPeek(queue, messages, Math.Max(properties.Value.ApproximateMessagesCountLong, messages.Count));
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            return new DeadLetterPeek(queue, [], 0);
        }
    }

    /// <summary>One message by id, among those a peek can see (the oldest <see cref="PeekLimit"/>).</summary>
    public async Task<DeadLetterMessage> FindMessageAsync(DeadLetterChannel queue, string messageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        var peek = await PeekAsync(queue, cancellationToken);
        return peek.Messages.FirstOrDefault(message => string.Equals(message.MessageId, messageId, StringComparison.OrdinalIgnoreCase))
            ?? throw new KeyNotFoundException(peek.IsPartial
                ? $"There is no message with id '{messageId}' among the {peek.Messages.Count} oldest of about {peek.ApproximateCount} messages in '{queue.Name}' " +
                  $"(Storage queues show at most {PeekLimit}); replay it by id, or replay older ones first."
                : $"There is no message with id '{messageId}' in '{queue.Name}'.");
    }

    /// <summary>
    /// Sends one message (by id) or, with no id, every message back to the source queue. Messages that reach the poison
    /// queue after the replay began are left there, so a consumer that still fails cannot keep a replay going forever.
    /// </summary>
    public async Task<ReplayResult> ReplayAsync(DeadLetterChannel queue, string? messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var poison = Client(queue, queue.Name);
        var source = Client(queue, queue.SourceQueue);
        var startedAt = _time.GetUtcNow();
        var replayed = new List<ReplayedMessage>();
        var held = new Dictionary<string, QueueMessage>(StringComparer.Ordinal);
        var arrivedDuringReplay = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            // Peek cannot see past the oldest 32 messages nor lock one, so a replay scans by receiving, holding what it skips.
            while (await ReceiveAsync(poison, cancellationToken) is { Length: > 0 } batch)
            {
                // Hold the whole batch's skipped messages before moving any, so none stays hidden when a replay by id returns early.
                var selected = batch.Where(message => messageId is null
                    ? message.InsertedOn is not { } insertedOn || insertedOn <= startedAt
                    : string.Equals(message.MessageId, messageId, StringComparison.OrdinalIgnoreCase)).ToList();
                foreach (var skipped in batch.Except(selected))
                {
                    held[skipped.MessageId] = skipped;
                    if (messageId is null)
                    {
                        arrivedDuringReplay.Add(skipped.MessageId);
                    }
                }

                foreach (var message in selected)
                {
                    replayed.Add(await MoveAsync(queue, poison, source, message, cancellationToken));
                }

                if (messageId is not null && replayed.Count > 0)
                {
                    return new ReplayResult(queue, replayed, 0);
                }
            }
        }
        finally
        {
            await ReleaseAsync(poison, held);
        }

        return messageId is null
            ? new ReplayResult(queue, replayed, arrivedDuringReplay.Count)
            : throw new KeyNotFoundException($"There is no message with id '{messageId}' in '{queue.Name}'.");
    }

    private static async Task<QueueMessage[]> ReceiveAsync(QueueClient poison, CancellationToken cancellationToken)
    {
        try
        {
            return (await poison.ReceiveMessagesAsync(PeekLimit, HoldFor, cancellationToken)).Value;
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            return [];
        }
    }

    private static async Task<ReplayedMessage> MoveAsync(
        DeadLetterChannel queue, QueueClient poison, QueueClient source, QueueMessage message, CancellationToken cancellationToken)
    {
        var deadLetter = new DeadLetterMessage(queue.Name, message.MessageId, message.InsertedOn, message.ExpiresOn, message.DequeueCount, message.Body.ToString());
        await source.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var sent = await source.SendMessageAsync(deadLetter.ReplayText, cancellationToken);
        try
        {
            // Once the copy is sent, finish the move even if the operator cancels: one quick request spares a duplicate.
            await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            return new ReplayedMessage(deadLetter, sent.Value.MessageId, !deadLetter.IsBase64, RemovedFromPoison: true);
        }
        catch (RequestFailedException)
        {
            // The hold ran out (and someone else may hold the message now) or storage went away: the message stays in
            // the poison queue as well, which is reported; a duplicate is safe, a loss would not be.
            return new ReplayedMessage(deadLetter, sent.Value.MessageId, !deadLetter.IsBase64, RemovedFromPoison: false);
        }
    }

    /// <summary>Makes skipped messages visible again at once; one that cannot be released reappears when its hold ends anyway.</summary>
    private static async Task ReleaseAsync(QueueClient poison, Dictionary<string, QueueMessage> held)
    {
        foreach (var message in held.Values)
        {
            try
            {
                // No text: only the visibility changes. Not cancellable, so an interrupted scan does not hide messages for minutes.
                await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, messageText: null, TimeSpan.Zero, CancellationToken.None);
            }
            catch (RequestFailedException)
            {
            }
        }
    }

    /// <summary>Clients that neither decode nor re-encode, so every message is seen, and copied, exactly as stored.</summary>
    private QueueClient Client(DeadLetterChannel queue, string name) =>
        _accounts.GetOrAdd(queue.Connection, connection => StorageClientFactory.Create(_configuration, connection, ClientOptions()).Queues).GetQueueClient(name);

    private static QueueClientOptions ClientOptions()
    {
        var options = StorageClientFactory.CreateRawQueueOptions();

        // An operator waits at the console: a few quick retries, then a clear "unreachable", not the SDK's half minute.
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        return options;
    }
}
