using Azure;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Cli;

/// <summary>Turns the expected failures of a command into one line on the console and exit code 1.</summary>
public static class CliErrors
{
    public static async Task<int> RunAsync(TextWriter output, Func<Task> command)
    {
        try
        {
            await command();
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException or InvalidOperationException or RequestFailedException or OptionsValidationException
            || IsUnreachable(ex))
        {
            await output.WriteLineAsync($"error: {Message(ex)}");
            return 1;
        }
    }

    /// <summary>
    /// Storage that cannot be reached fails every retry without an answer (status 0), and the SDK reports the
    /// attempts together in an <see cref="AggregateException"/>.
    /// </summary>
    private static bool IsUnreachable(Exception ex) =>
        ex is AggregateException { InnerExceptions: [_, ..] } aggregate && aggregate.InnerExceptions.All(static inner => inner is RequestFailedException { Status: 0 });

    private static string Message(Exception ex) => ex switch
    {
        AggregateException aggregate => $"{Message(aggregate.InnerExceptions[^1])} (tried {aggregate.InnerExceptions.Count} times)",
        RequestFailedException { Status: 0 } unreachable => $"storage is unreachable: {(unreachable.InnerException ?? unreachable).Message}",
        RequestFailedException { Status: 412 } => "the key was changed by someone else at the same time; run the command again.",
        RequestFailedException storage => $"storage answered {storage.Status} ({storage.ErrorCode}).",
        OptionsValidationException invalid => $"the configuration is invalid: {string.Join("; ", invalid.Failures)}",
        _ => ex.Message,
    };
}
