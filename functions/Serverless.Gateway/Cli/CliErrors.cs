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
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException or InvalidOperationException or Azure.RequestFailedException)
        {
            await output.WriteLineAsync($"error: {Message(ex)}");
            return 1;
        }
    }

    private static string Message(Exception ex) => ex switch
    {
        Azure.RequestFailedException { Status: 412 } => "the key was changed by someone else at the same time; run the command again.",
        Azure.RequestFailedException storage => $"storage answered {storage.Status} ({storage.ErrorCode}).",
        _ => ex.Message,
    };
}
