using System.CommandLine;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Cli;

/// <summary>
/// The executable's <c>functions</c> commands, run instead of the web host:
/// <c>functions write &lt;directory&gt;</c> regenerates function.json files from code, and
/// <c>functions check &lt;directory&gt;</c> exits 1 when they have drifted (for CI and pre-commit hooks).
/// </summary>
public static class FunctionsCommand
{
    public const string Verb = "functions";

    public static Command Create(TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var writeDirectory = DirectoryArgument();
        var write = new Command("write", "Write a function.json for every function in the code, for the Functions host.") { writeDirectory };
        write.SetAction(result => Write(result.GetValue(writeDirectory)!, output));
        var checkDirectory = DirectoryArgument();
        var check = new Command("check", "Compare the function.json files with the code; exit code 1 when they differ.") { checkDirectory };
        check.SetAction(result => Check(result.GetValue(checkDirectory)!, output, error));
        return new Command(Verb, "Write or check the function.json files the Functions host reads.") { write, check };
    }

    private static Argument<string> DirectoryArgument() =>
        new("directory") { Description = "The function app's folder, e.g. functions/Serverless.Gateway/FunctionApp." };

    private static int Write(string directory, TextWriter output)
    {
        FunctionAppDirectory.Write(directory, GatewayFunctionCatalog.Default);
        output.WriteLine($"Wrote {GatewayFunctionCatalog.Default.Functions.Count} function.json files to {Path.GetFullPath(directory)}.");
        return 0;
    }

    private static int Check(string directory, TextWriter output, TextWriter error)
    {
        var drift = FunctionAppDirectory.FindDrift(directory, GatewayFunctionCatalog.Default);
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
}
