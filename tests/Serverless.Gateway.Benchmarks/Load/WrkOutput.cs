using System.Globalization;
using System.Text.RegularExpressions;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>Reads wrk 4's text report (run with <c>--latency</c>).</summary>
public static partial class WrkOutput
{
    public static WrkResult Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rate = Required(RequestsPerSecondLine(), output, "Requests/sec");
        var total = Required(TotalLine(), output, "requests in");
        var socketErrors = SocketErrorsLine().Match(output) is { Success: true } errors
            ? Enumerable.Range(1, 4).Sum(i => long.Parse(errors.Groups[i].Value, CultureInfo.InvariantCulture))
            : 0;
        var non2xx = Non2xxLine().Match(output) is { Success: true } non ? long.Parse(non.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new WrkResult(
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50"),
            Percentile(output, "99"),
            non2xx,
            socketErrors);
    }

    private static TimeSpan Percentile(string output, string percent)
    {
        var match = Required(new Regex($@"^\s+{percent}(?:\.0+)?%\s+([0-9.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline), output, $"{percent}% latency");
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => TimeSpan.FromMicroseconds(value),
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            _ => TimeSpan.FromMinutes(value),
        };
    }

    private static Match Required(Regex pattern, string output, string what) =>
        pattern.Match(output) is { Success: true } match
            ? match
            : throw new FormatException($"wrk's report has no {what} line (was it run with --latency?):{Environment.NewLine}{output}");

    [GeneratedRegex(@"^Requests/sec:\s+([0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecondLine();

    [GeneratedRegex(@"^\s+(\d+) requests in ", RegexOptions.Multiline)]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xxLine();
}
