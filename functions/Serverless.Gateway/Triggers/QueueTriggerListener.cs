using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Health;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Triggers;

/// <summary>
/// A queue trigger with the Functions host's semantics: receive a batch under a lease, run the messages in parallel,
/// delete each on success; on failure make it visible again after <see cref="QueueTriggerOptions.VisibilityTimeout"/>,
/// or, at <see cref="QueueTriggerOptions.MaxDequeueCount"/> deliveries, move it to the poison queue. The lease makes
/// competing consumers in other processes safe: a received message is invisible to them until settled or expired.
/// </summary>
internal sealed class QueueTriggerListener(
    FunctionDescriptor function,
    QueueClient queue,
    QueueClient? poisonQueue,
    TriggeredFunctionRunner runner,
    QueueTriggerOptions options,
    TimeSpan messageLease,
    Func<FunctionDescriptor, QueueMessage, DateTimeOffset, FunctionInvocation> payload,
    TimeProvider time,
    DependencyHealth dependencies,
    ILogger<QueueTriggerListener> logger) : ITriggerListener
{
    /// <summary>The host's shortest polling interval, the first step of the back-off.</summary>
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long settling a message may continue once shutdown has begun.</summary>
    private static readonly TimeSpan ShutdownSettleTimeout = TimeSpan.FromSeconds(5);

    private readonly string _dependency = $"Queue {queue.Name} (function {function.Name})";

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        logger.QueueListenerStarted(function.Name, queue.Name, options.BatchSize, options.MaxDequeueCount, options.VisibilityTimeout, options.MaxPollingInterval);
        var backoff = new PollingBackoff(MinimumPollingInterval, options.MaxPollingInterval);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var messages = await ReceiveAsync(stoppingToken);
                if (messages.Length == 0)
                {
                    await Task.Delay(backoff.Next(), time, stoppingToken);
                    continue;
                }

                backoff.Reset();
                await Task.WhenAll(messages.Select(message => ProcessAsync(message, stoppingToken)));
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the messages of the last batch have been settled or released already. The SDK reports a
            // cancelled receive as an AggregateException when cancellation struck inside its decoding-failed handler.
        }
    }

    private async Task<QueueMessage[]> ReceiveAsync(CancellationToken stoppingToken)
    {
        try
        {
            var messages = (await queue.ReceiveMessagesAsync(options.BatchSize, messageLease, stoppingToken)).Value;
            dependencies.Succeeded(_dependency);
            return messages;
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            // A missing queue is an empty one, as for the host; creating it lets producers start sending.
            await TryAsync(() => queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken), "create queue", stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // Logged once per outage, not per poll: the back-off polls again every few seconds for as long as it lasts.
            dependencies.Failed(_dependency, exception);
        }

        return [];
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        // Settling (delete, release, poison) must finish even when shutdown interrupts the invocation, but must not hold shutdown up for long.
        using var settling = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var stopping = stoppingToken.Register(() => settling.CancelAfter(ShutdownSettleTimeout));
        var settleToken = settling.Token;

        // A message delivered more often than allowed was received but never finished (a crashed instance): poison it unrun, as the host does.
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message, settleToken);
            return;
        }

        try
        {
            await runner.RunAsync(function, payload(function, message, time.GetUtcNow()), stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Interrupted by shutdown, not failed: hand the message straight back instead of hiding it for the whole lease.
            await TryAsync(() => queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, message.Body, TimeSpan.Zero, settleToken), "release", settleToken);
            return;
        }
        catch (Exception)
        {
            // The invoker or the output writer has logged the failure; what is left is deciding the message's fate.
            await FailAsync(message, settleToken);
            return;
        }

        await TryAsync(() => queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, settleToken), "delete", settleToken);
    }

    private async Task FailAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        if (poisonQueue is null)
        {
            // A poison queue has no poison queue: like the host, leave the message hidden for its lease to avoid a hot retry loop.
            return;
        }

        if (message.DequeueCount >= options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message, cancellationToken);
            return;
        }

        logger.MessageReleased(function.Name, message.MessageId, message.DequeueCount, options.MaxDequeueCount, options.VisibilityTimeout);
        await TryAsync(() => queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, message.Body, options.VisibilityTimeout, cancellationToken), "release", cancellationToken);
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        if (poisonQueue is null)
        {
            return;
        }

        // Copy first, then delete: a crash in between leaves a duplicate in the poison queue rather than losing the message.
        string? deadLetterId = null;
        var copied = await TryAsync(async () =>
        {
            await poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            // Dead letters wait for an operator however long that takes, instead of the default seven-day expiry.
            var sent = await poisonQueue.SendMessageAsync(message.Body, visibilityTimeout: null, timeToLive: PoisonQueues.NeverExpires, cancellationToken);
            deadLetterId = sent.Value.MessageId;
        }, "copy to poison queue", cancellationToken);
        if (copied)
        {
            // Logged once the copy exists, with its id: the source message's id is gone with it, so nobody could act on that.
            logger.MessageMovedToPoison(function.Name, message.MessageId, message.DequeueCount, poisonQueue.Name, deadLetterId!);
            await TryAsync(() => queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken), "delete poisoned", cancellationToken);
        }
    }

    /// <summary>
    /// Settling can fail when the lease was lost (the message went to another consumer) or storage is unreachable;
    /// either way the message reappears after its lease, so the failure is logged and the loop carries on.
    /// </summary>
    private async Task<bool> TryAsync(Func<Task> action, string operation, CancellationToken cancellationToken)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.QueueOperationFailed(exception, function.Name, queue.Name, operation);
            return false;
        }
    }
}
