using System.Text.RegularExpressions;
using Serverless.LocalRun.Azurite;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>The README's error tables list every Problem Details code the gateway and the orders service answer, and nothing else.</summary>
public sealed partial class ErrorTableTests
{
    private static readonly string[] CodeSources =
    [
        "functions/Serverless.Gateway/Problems/ProblemCodes.cs",
        "functions/Serverless.Gateway/Functions/FunctionProblemCodes.cs",
        "functions/Serverless.Gateway/Events/Queries/OrderProblems.cs",
        "functions/Serverless.Orders/Api/OrderProblems.cs",
        "functions/Serverless.GatewayIdentity/GatewayAssertionResult.cs",
    ];

    [Fact]
    public void Every_code_the_apps_answer_is_in_the_READMEs_error_tables_and_every_code_there_is_answered()
    {
        var root = RepositoryRoot.Find();
        var answered = CodeSources
            .SelectMany(source => CodeConstant().Matches(File.ReadAllText(Path.Combine(root, source))))
            .Select(match => match.Groups["code"].Value)
            .ToHashSet(StringComparer.Ordinal);
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var errors = readme[readme.IndexOf("\n## Errors", StringComparison.Ordinal)..];
        errors = errors[..errors.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var documented = errors.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => TableCode().Matches(line.Split('|')[1]))
            .Select(match => match.Groups["code"].Value)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(answered.Except(documented).Order());
        Assert.Empty(documented.Except(answered).Order());
    }

    [GeneratedRegex("""const string \w+ = "(?<code>[a-z0-9_]+)";""")]
    private static partial Regex CodeConstant();

    [GeneratedRegex("`(?<code>[a-z0-9_]+)`")]
    private static partial Regex TableCode();
}
