using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Reporting;

/// <summary>Number formats shared by every section of RESULTS.md.</summary>
public static class Markdown
{
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static string Rate(double perSecond) => perSecond.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Milliseconds(TimeSpan value) => Invariant($"{value.TotalMilliseconds:0.00} ms");

    public static string Megabytes(long bytes) => Invariant($"{bytes / 1024.0 / 1024.0:0.0} MB");

    public static string Ratio(double ratio) => Invariant($"{ratio:0.00}x");

    public static string Verdict(bool met) => met ? "**met**" : "**missed**";
}
