using System.CommandLine;
using Serverless.Gateway.Cli;

namespace Serverless.Gateway.Benchmarks;

/// <summary>
/// How a benchmark mode runs from the command line: its options parsed by System.CommandLine (a usage error exits with 2,
/// naming the problem), Ctrl+C turned into cancellation so that the run unwinds and stops the processes it started, and
/// Azurite stopped.
/// </summary>
public static class BenchmarkCommand
{
    /// <summary>
    /// The process keeps its own handling of exceptions and signals: a failed run crashes with its stack trace, and Ctrl+C
    /// is handled by <see cref="RunAsync{TOptions}"/>, not by System.CommandLine.
    /// </summary>
    public static Task<int> InvokeAsync(Command command, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(command);
        return CommandLineInvocation.InvokeAsync(
            command.Parse(args, CommandLineInvocation.Parser),
            new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
            CancellationToken.None);
    }

    /// <summary>Sets <paramref name="command"/>'s action: its options read by <paramref name="bind"/>, then <paramref name="run"/>.</summary>
    public static Command WithAction<TOptions>(this Command command, Func<ParseResult, TOptions> bind, Func<TOptions, CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(bind);
        command.SetAction((result, _) => RunAsync(bind(result), run));
        return command;
    }

    /// <summary>The options <paramref name="args"/> give <paramref name="command"/>, as its action would see them.</summary>
    /// <exception cref="ArgumentException">The arguments are not valid for the command; the message names every problem.</exception>
    public static TOptions Parse<TOptions>(Command command, Func<ParseResult, TOptions> bind, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(bind);
        var result = command.Parse(args, CommandLineInvocation.Parser);
        return result.Errors.Count == 0 ? bind(result) : throw new ArgumentException(string.Join(" ", result.Errors.Select(static error => error.Message)));
    }

    public static async Task<int> RunAsync<TOptions>(TOptions options, Func<TOptions, CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
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
