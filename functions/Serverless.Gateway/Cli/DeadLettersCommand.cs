using System.CommandLine;
using System.CommandLine.Parsing;
using Serverless.Gateway.Events.DeadLetters;

namespace Serverless.Gateway.Cli;

/// <summary>
/// <c>events dead-letters list|show|replay</c>: messages that failed every delivery and were moved to a
/// <c>&lt;queue&gt;-poison</c> queue (standalone mode). list and show only peek; replay moves messages back.
/// </summary>
public static class DeadLettersCommand
{
    public static Command Create(Lazy<DeadLetterQueues> deadLetters, TextWriter output) =>
        new("dead-letters", "Poison messages of queue- and subscription-triggered functions (standalone mode).")
        {
            ListCommand(deadLetters, output),
            ShowCommand(deadLetters, output),
            ReplayCommand(deadLetters, output),
        };

    private static Command ListCommand(Lazy<DeadLetterQueues> deadLetters, TextWriter output)
    {
        var (queue, subscription) = QueueOptions();
        var command = new Command("list", $"List dead letters of every poison queue, or of one, without disturbing them. Storage queues show at most {DeadLetterQueues.PeekLimit} messages per queue (the oldest) without receiving them.") { queue, subscription };
        command.Validators.Add(result => AtMostOne(result, queue, subscription));
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var queues = Select(deadLetters.Value, result, queue, subscription) is { } selected ? [selected] : deadLetters.Value.Queues;
            var peeks = new List<DeadLetterPeek>();
            foreach (var poisonQueue in queues)
            {
                peeks.Add(await deadLetters.Value.PeekAsync(poisonQueue, cancellationToken));
            }

            await DeadLetterPrinter.PrintListAsync(output, peeks);
        }));
        return command;
    }

    private static Command ShowCommand(Lazy<DeadLetterQueues> deadLetters, TextWriter output)
    {
        var (queue, subscription) = QueueOptions();
        var id = new Option<string>("--id") { Description = "The message id, as list shows it.", Required = true };
        var command = new Command(
            "show", $"Print one dead letter in full (JSON indented). It must be among the {DeadLetterQueues.PeekLimit} oldest of its queue, the most Storage queues show without receiving.")
        {
            queue, subscription, id,
        };
        command.Validators.Add(result => ExactlyOne(result, queue, subscription));
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var poisonQueue = Select(deadLetters.Value, result, queue, subscription)!;
            var message = await deadLetters.Value.FindMessageAsync(poisonQueue, result.GetValue(id)!, cancellationToken);
            await DeadLetterPrinter.PrintMessageAsync(output, poisonQueue, message);
        }));
        return command;
    }

    private static Command ReplayCommand(Lazy<DeadLetterQueues> deadLetters, TextWriter output)
    {
        var (queue, subscription) = QueueOptions();
        var id = new Option<string?>("--id") { Description = "Replay this message." };
        var all = new Option<bool>("--all") { Description = "Replay every message that is in the poison queue when the replay starts." };
        var command = new Command(
            "replay",
            "Move dead letters back to the queue they came from (the poison queue's name without -poison): copy, then delete, " +
            "so an interruption can duplicate a message but never lose it (consumers drop duplicates by event id).")
        {
            queue, subscription, id, all,
        };
        command.Validators.Add(result => ExactlyOne(result, queue, subscription));
        command.Validators.Add(result =>
        {
            if ((result.GetResult(id) is null) == (result.GetResult(all) is null))
            {
                result.AddError("Give either --id or --all.");
            }
        });
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var poisonQueue = Select(deadLetters.Value, result, queue, subscription)!;
            var replay = await deadLetters.Value.ReplayAsync(poisonQueue, result.GetValue(all) ? null : result.GetValue(id), cancellationToken);
            await DeadLetterPrinter.PrintReplayAsync(output, replay);
        }));
        return command;
    }

    private static (Option<string?> Queue, Option<string?> Subscription) QueueOptions() =>
    (
        new Option<string?>("--queue") { Description = "A poison queue, e.g. order-events-audit-poison or orders-saga-poison." },
        new Option<string?>("--subscription") { Description = "A subscription of the order-events topic, e.g. audit: its poison queue order-events-audit-poison." }
    );

    private static DeadLetterChannel? Select(DeadLetterQueues deadLetters, ParseResult result, Option<string?> queue, Option<string?> subscription) =>
        result.GetValue(queue) is { } name ? deadLetters.Find(name)
        : result.GetValue(subscription) is { } subscriptionName ? deadLetters.ForSubscription(subscriptionName)
        : null;

    private static void AtMostOne(CommandResult result, Option<string?> queue, Option<string?> subscription)
    {
        if (result.GetResult(queue) is not null && result.GetResult(subscription) is not null)
        {
            result.AddError("Give --queue or --subscription, not both.");
        }
    }

    private static void ExactlyOne(CommandResult result, Option<string?> queue, Option<string?> subscription)
    {
        if ((result.GetResult(queue) is null) == (result.GetResult(subscription) is null))
        {
            result.AddError("Give either --queue or --subscription.");
        }
    }
}
