using System.CommandLine;
using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// <c>fleet [--quick] [--scenario &lt;text&gt;]</c>: runs the fleet simulation and prints its Markdown section to standard
/// output (progress goes to standard error). Missed targets are findings, reported in the Markdown, not failures.
/// </summary>
public static class FleetCommand
{
    public static Command Create() => Define(out var bind).WithAction(bind, (options, cancellationToken) =>
    {
        var result = FleetBenchmark.Run(options, Console.Error, cancellationToken);
        result.WriteMarkdown(Console.Out);
        return Task.FromResult(0);
    });

    /// <exception cref="ArgumentException">The arguments are not valid options of <c>fleet</c>.</exception>
    public static FleetOptions Parse(IReadOnlyList<string> args) => BenchmarkCommand.Parse(Define(out var bind), bind, args);

    private static Command Define(out Func<ParseResult, FleetOptions> bind)
    {
        var quick = new Option<bool>("--quick") { Description = "The short form: fewer, shorter scenarios (seconds instead of minutes)." };
        var scenario = new Option<string?>("--scenario") { Description = "Only the scenarios whose name contains this text, e.g. '1,000 ×'.", HelpName = "text" };
        var command = new Command("fleet", "Fleet simulation: the real rate limiter on 4 to 1,000 simulated instances against a model of Table Storage; prints its section.")
        {
            quick, scenario,
        };
        bind = result =>
        {
            var options = result.GetValue(quick) ? FleetOptions.Quick : FleetOptions.Full;
            return result.GetValue(scenario) is { Length: > 0 } text
                ? options with { Scenarios = [.. options.Scenarios.Where(s => s.Name.Contains(text, StringComparison.OrdinalIgnoreCase))] }
                : options;
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(scenario) is { Length: > 0 } text && !FleetScenarios.Full.Concat(FleetScenarios.Quick).Any(s => s.Name.Contains(text, StringComparison.OrdinalIgnoreCase)))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--scenario '{text}' matches no scenario (they are: {string.Join("; ", FleetScenarios.Full.Concat(FleetScenarios.Quick).Select(s => s.Name).Distinct())})."));
            }
        });
        return command;
    }
}
