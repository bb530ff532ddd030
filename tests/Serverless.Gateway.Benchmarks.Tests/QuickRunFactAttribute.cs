namespace Serverless.Gateway.Benchmarks.Tests;

/// <summary>
/// A fact about a quick benchmark run's output, named by <c>SERVERLESS_BENCHMARK_RESULTS</c>; skipped when no run is
/// named, which is the case in <c>dotnet test Serverless.sln</c>.
/// </summary>
public sealed class QuickRunFactAttribute : FactAttribute
{
    public const string Variable = "SERVERLESS_BENCHMARK_RESULTS";

    public QuickRunFactAttribute()
    {
        if (ResultsDirectory is null)
        {
            Skip = $"Runs after benchmarks/run.sh --quick, on the directory {Variable} names (.ci/run does both).";
        }
    }

    /// <summary>The directory the quick run wrote RESULTS.md and results.svg to, if one is named.</summary>
    public static string? ResultsDirectory => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;
}
