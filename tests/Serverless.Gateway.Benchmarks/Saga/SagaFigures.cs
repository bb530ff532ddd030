using System.Globalization;
using System.Text.RegularExpressions;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// The figures the engines are compared by, read back from a saga report: the one <see cref="SagaReport"/> prints,
/// and the one the saga benchmark of an earlier commit printed in the same format. Both engines' figures go through
/// this one reader, so they are rounded alike.
/// </summary>
public sealed partial record SagaFigures(
    int Orders, int Completed, double SagasPerSecond, TimeSpan TerminalP50, TimeSpan TerminalP99, TimeSpan PostP50, bool LedgersAgree)
{
    public const string LedgersAgreeLine = "Participants' ledgers agree:";

    /// <summary>The figures of <paramref name="report"/>; null when a row is missing (the run did not get that far).</summary>
    public static SagaFigures? Parse(string report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var orders = OrdersRow().Match(report);
        var completed = CompletedRow().Match(report);
        var rate = RateRow().Match(report);
        var terminal = TerminalRow().Match(report);
        var post = PostRow().Match(report);
        if (!orders.Success || !completed.Success || !rate.Success || !terminal.Success || !post.Success)
        {
            return null;
        }

        return new SagaFigures(
            Integer(orders), Integer(completed), Number(rate.Groups[1]),
            Milliseconds(terminal.Groups[1]), Milliseconds(terminal.Groups[2]), Milliseconds(post.Groups[1]),
            report.Contains(LedgersAgreeLine, StringComparison.Ordinal));
    }

    private static int Integer(Match match) => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);

    private static double Number(Group group) => double.Parse(group.Value, CultureInfo.InvariantCulture);

    private static TimeSpan Milliseconds(Group group) => TimeSpan.FromMilliseconds(Number(group));

    [GeneratedRegex(@"^\| orders placed \| (\d+) \|", RegexOptions.Multiline)]
    private static partial Regex OrdersRow();

    [GeneratedRegex(@"^\| Completed \| (\d+) \|", RegexOptions.Multiline)]
    private static partial Regex CompletedRow();

    [GeneratedRegex(@"^\| completed sagas/s \| ([0-9.]+) \|", RegexOptions.Multiline)]
    private static partial Regex RateRow();

    [GeneratedRegex(@"^\| POST /orders to terminal status seen \| ([0-9.]+) ms \| ([0-9.]+) ms \|", RegexOptions.Multiline)]
    private static partial Regex TerminalRow();

    [GeneratedRegex(@"^\| POST /orders answered \(202\) \| ([0-9.]+) ms \|", RegexOptions.Multiline)]
    private static partial Regex PostRow();
}
