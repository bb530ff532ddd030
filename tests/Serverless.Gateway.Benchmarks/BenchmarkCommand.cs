namespace Serverless.Gateway.Benchmarks;

/// <summary>
/// How a benchmark mode runs from the command line: its options parsed (exit code 2 with the usage if they are wrong),
/// Ctrl+C turned into cancellation so that the run unwinds and stops the processes it started, and Azurite stopped.
/// </summary>
public static class BenchmarkCommand
{
    public static async Task<int> RunAsync<TOptions>(Func<TOptions> parse, Func<TOptions, CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(run);
        TOptions options;
        try
        {
            options = parse();
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }

        using var stopping = new CancellationTokenSource();
        ConsoleCancelEventHandler cancel = (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };
        Console.CancelKeyPress += cancel;
        try
        {
            return await run(options, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= cancel;
            await BenchmarkStorage.StopAsync();
        }
    }
}
