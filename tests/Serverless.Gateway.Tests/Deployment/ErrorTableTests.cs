using System.Text.RegularExpressions;
using Serverless.LocalRun.Azurite;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>The error tables in docs/errors.md list every Problem Details code the gateway and the orders service answer, and nothing else.</summary>
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
    public void Every_code_the_apps_answer_is_in_the_error_tables_and_every_code_there_is_answered()
    {
        var root = RepositoryRoot.Find();
        var answered = CodeSources
            .SelectMany(source => CodeConstant().Matches(File.ReadAllText(Path.Combine(root, source))))
            .Select(match => match.Groups["code"].Value)
            .ToHashSet(StringComparer.Ordinal);
        var errors = File.ReadAllText(Path.Combine(root, "docs", "errors.md"));
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
