using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Serverless.Gateway.Cli;

/// <summary>
/// How both programs of this repository (the gateway and the benchmarks) run a parsed command line: a usage error (an
/// unknown command or option, a missing or invalid value) prints one line per problem, points to <c>--help</c> and exits
/// with <see cref="UsageErrorExitCode"/>, so that a script can tell it from a command that ran and failed (exit code 1).
/// </summary>
internal static class CommandLineInvocation
{
    public const int UsageErrorExitCode = 2;

    /// <summary>Response files (<c>@file</c>) are off: an argument that starts with @ is passed on as it is.</summary>
    public static ParserConfiguration Parser { get; } = new() { ResponseFileTokenReplacer = null };

    public static async Task<int> InvokeAsync(ParseResult result, InvocationConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(configuration);
        if (result.Action is not ParseErrorAction)
        {
            return await result.InvokeAsync(configuration, cancellationToken);
        }

        var error = configuration.Error;
        for (var i = 0; i < result.Errors.Count; i++)
        {
            var last = i == result.Errors.Count - 1;
            await error.WriteLineAsync($"error: {result.Errors[i].Message}{(last ? $" See '{HelpCommandLine(result)}'." : string.Empty)}");
        }

        return UsageErrorExitCode;
    }

    /// <summary>The command's path without the program's name, as a user types it after the program: <c>keys create --help</c>.</summary>
    private static string HelpCommandLine(ParseResult result)
    {
        var path = new List<string>();
        for (var command = result.CommandResult; command.Parent is CommandResult parent; command = parent)
        {
            path.Insert(0, command.Command.Name);
        }

        return string.Join(' ', [.. path, "--help"]);
    }
}
