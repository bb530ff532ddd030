using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Cli;

namespace Serverless.Gateway.Tests.Cli;

/// <summary>Every command of the executable, found by walking its command tree: described, and answering --help.</summary>
public sealed class GatewayCommandTreeTests
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Commands())
        {
            data.Add(path);
        }

        return data;
    }

    [Fact]
    public void Every_command_option_and_argument_below_the_top_has_a_one_line_description()
    {
        foreach (var (path, command) in Commands().Where(static pair => pair.Path.Length > 0))
        {
            Assert.True(IsOneLine(command.Description), $"'{path}' has no one-line description.");
            foreach (var option in command.Options)
            {
                Assert.True(IsOneLine(option.Description), $"Option {option.Name} of '{path}' has no one-line description.");
            }

            foreach (var argument in command.Arguments)
            {
                Assert.True(IsOneLine(argument.Description), $"Argument {argument.Name} of '{path}' has no one-line description.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Every_command_answers_help_with_exit_code_0_and_its_usage(string path)
    {
        using var output = new StringWriter();

        var exitCode = await GatewayCli.RunAsync([.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"], output, output);

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
        Assert.Matches($@"Usage:\s+\S+ {path}".TrimEnd(), output.ToString());
    }

    private static bool IsOneLine(string? description) => !string.IsNullOrWhiteSpace(description) && !description.Contains('\n', StringComparison.Ordinal);

    private static IEnumerable<(string Path, Command Command)> Commands()
    {
        var root = GatewayCli.CreateRoot([], new ServiceCollection().BuildServiceProvider(), TextWriter.Null, TextWriter.Null);
        return Walk(string.Empty, root);
    }

    private static IEnumerable<(string Path, Command Command)> Walk(string path, Command command)
    {
        yield return (path, command);
        foreach (var subcommand in command.Subcommands)
        {
            foreach (var pair in Walk($"{path} {subcommand.Name}".TrimStart(), subcommand))
            {
                yield return pair;
            }
        }
    }
}
