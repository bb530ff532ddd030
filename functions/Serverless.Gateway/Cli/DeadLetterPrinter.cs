using System.Globalization;
using Serverless.Gateway.Events.DeadLetters;

namespace Serverless.Gateway.Cli;

/// <summary>The console output of <c>events dead-letters</c>.</summary>
internal static class DeadLetterPrinter
{
    public static async Task PrintListAsync(TextWriter output, IReadOnlyList<DeadLetterPeek> peeks)
    {
        if (peeks.Count == 0)
        {
            await output.WriteLineAsync("No function is triggered from a queue or a topic subscription, so there are no poison queues.");
            return;
        }

        var messages = peeks.SelectMany(static peek => peek.Messages).ToList();
        if (messages.Count == 0)
        {
            await output.WriteLineAsync($"No dead letters in {string.Join(", ", peeks.Select(static peek => peek.Queue.Name))}.");
            return;
        }

        var width = messages.Max(static message => message.Queue.Length) + 2;
        await output.WriteLineAsync($"{"QUEUE".PadRight(width)}{"MESSAGE ID",-38}{"INSERTED",-22}{"DEQUEUES",-10}SUMMARY");
        foreach (var message in messages)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{message.Queue.PadRight(width)}{message.MessageId,-38}{Format(message.InsertedOn),-22}{message.DequeueCount,-10}{message.Summary}"));
        }

        foreach (var peek in peeks.Where(static peek => peek.IsPartial))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{peek.Queue.Name} holds about {peek.ApproximateCount} messages; only the {peek.Messages.Count} oldest are shown " +
                $"(Storage queues peek at most {DeadLetterQueues.PeekLimit}). Replay or remove them to see the rest."));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{messages.Count} dead letter(s) shown; poison queues checked: {string.Join(", ", peeks.Select(static peek => peek.Queue.Name))}."));
    }

    public static async Task PrintMessageAsync(TextWriter output, DeadLetterChannel queue, DeadLetterMessage message)
    {
        await output.WriteLineAsync($"Queue:          {queue.Name} (replays to {queue.SourceQueue}; function {string.Join(", ", queue.Functions)})");
        await output.WriteLineAsync($"Message id:     {message.MessageId}");
        await output.WriteLineAsync($"Inserted:       {Format(message.InsertedOn)}");
        await output.WriteLineAsync($"Expires:        {Format(message.ExpiresOn)}");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Dequeue count:  {message.DequeueCount}"));
        await output.WriteLineAsync(message.IsBase64
            ? "Encoding:       base64"
            : "Encoding:       not base64: stored raw, so no consumer could read it; replay sends it base64-encoded");
        await output.WriteLineAsync($"Summary:        {message.Summary}");
        await output.WriteLineAsync();
        await output.WriteLineAsync(DeadLetterBody.Pretty(message.Body));
    }

    public static async Task PrintReplayAsync(TextWriter output, ReplayResult replay)
    {
        var queue = replay.Queue;
        foreach (var replayed in replay.Replayed)
        {
            var reencoded = replayed.Reencoded ? ", re-encoded as base64" : string.Empty;
            await output.WriteLineAsync($"Replayed {replayed.Message.MessageId} to {queue.SourceQueue} as {replayed.NewMessageId}{reencoded}: {replayed.Message.Summary}");
            if (!replayed.RemovedFromPoison)
            {
                await output.WriteLineAsync(
                    $"warning: {replayed.Message.MessageId} was copied but could not be removed from {queue.Name}, so it is in both queues; consumers drop the duplicate by event id.");
            }
        }

        await output.WriteLineAsync(replay.Replayed.Count == 0
            ? $"Nothing to replay: {queue.Name} is empty."
            : string.Create(CultureInfo.InvariantCulture, $"Replayed {replay.Replayed.Count} message(s) from {queue.Name} to {queue.SourceQueue}."));
        if (replay.ArrivedDuringReplay > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{replay.ArrivedDuringReplay} message(s) reached {queue.Name} during the replay and were left there; if the consumer still fails, fix it before replaying them."));
        }
    }

    private static string Format(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
