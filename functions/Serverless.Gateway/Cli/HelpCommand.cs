using System.CommandLine;

namespace Serverless.Gateway.Cli;

/// <summary><c>help [command...]</c>: the same as <c>[command...] --help</c>, for those who type it the other way round.</summary>
public static class HelpCommand
{
    public static Command Create(RootCommand root, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(root);
        var command = new Argument<string[]>("command") { Description = "The command to describe, e.g. keys create.", Arity = ArgumentArity.ZeroOrMore };
        var help = new Command("help", "Show help for a command, as <command> --help does.") { command };
        help.SetAction((result, cancellationToken) => CommandLineInvocation.InvokeAsync(
            root.Parse([.. result.GetValue(command) ?? [], "--help"], CommandLineInvocation.Parser),
            new InvocationConfiguration { Output = output, Error = error },
            cancellationToken));
        return help;
    }
}
