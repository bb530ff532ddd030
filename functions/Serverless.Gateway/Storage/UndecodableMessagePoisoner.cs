using Azure.Storage.Queues;
using Azure.Storage.Queues.Specialized;

namespace Serverless.Gateway.Storage;

/// <summary>
/// A message that is not valid base64 cannot be decoded, so the SDK leaves it out of every receive and it would
/// reappear forever unseen. Like the Functions host, move it, raw, to <c>&lt;queue&gt;-poison</c> where operators look.
/// </summary>
public static class UndecodableMessagePoisoner
{
    public static async Task PoisonAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } message || PoisonQueues.IsPoisonQueue(args.Queue.Name))
        {
            return;
        }

        var poison = args.Queue.GetParentQueueServiceClient().GetQueueClient(PoisonQueues.NameFor(args.Queue.Name));
        await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken);

        // Copy, then delete: a crash in between leaves a duplicate in the poison queue, never a lost message.
        await poison.SendMessageAsync(message.Body, visibilityTimeout: null, timeToLive: PoisonQueues.NeverExpires, args.CancellationToken);
        await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken);
    }
}
