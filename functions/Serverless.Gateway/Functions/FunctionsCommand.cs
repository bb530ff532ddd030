using Serverless.Gateway.Functions;

// The catalog is now built from the app's registrations in Hosting; this alias keeps the verb's code as it was until the
// CLI rewrite moves the verb into Cli/ and names GatewayFunctionCatalog.Default itself.
using FunctionCatalog = Serverless.Gateway.Hosting.GatewayFunctionCatalog;

namespace Serverless.Gateway.Cli;

/// <summary>
/// The executable's <c>functions</c> verbs, run instead of the web host:
/// <c>functions write &lt;directory&gt;</c> regenerates function.json files from code, and
/// <c>functions check &lt;directory&gt;</c> exits 1 when they have drifted (for CI and pre-commit hooks).
/// </summary>
public static class FunctionsCommand
{
    public const string Verb = "functions";

    /// <summary>Returns false when <paramref name="args"/> is not a <c>functions</c> command, so the caller starts the app as usual.</summary>
    public static bool TryRun(string[] args, out int exitCode) => TryRun(args, Console.Out, Console.Error, out exitCode);

    public static bool TryRun(string[] args, TextWriter output, TextWriter error, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0 || !string.Equals(args[0], Verb, StringComparison.Ordinal))
        {
            exitCode = 0;
            return false;
        }

        exitCode = args switch
        {
            [_, "write", var directory] => Write(directory, output),
            [_, "check", var directory] => Check(directory, output, error),
            _ => Usage(error),
        };
        return true;
    }

    private static int Write(string directory, TextWriter output)
    {
        FunctionAppDirectory.Write(directory, FunctionCatalog.Default);
        output.WriteLine($"Wrote {FunctionCatalog.Default.Functions.Count} function.json files to {Path.GetFullPath(directory)}.");
        return 0;
    }

    private static int Check(string directory, TextWriter output, TextWriter error)
    {
        var drift = FunctionAppDirectory.FindDrift(directory, FunctionCatalog.Default);
        if (drift.Count == 0)
        {
            output.WriteLine($"The function.json files in {Path.GetFullPath(directory)} match the code.");
            return 0;
        }

        foreach (var problem in drift)
        {
            error.WriteLine(problem);
        }

        error.WriteLine($"Regenerate with: {FunctionAppDirectory.RegenerateCommand}");
        return 1;
    }

    private static int Usage(TextWriter error)
    {
        error.WriteLine("Usage: functions write <directory> | functions check <directory>");
        return 2;
    }
}
