using System.Globalization;
using System.Text;
using Serverless.Gateway.Benchmarks.Load;

namespace Serverless.Gateway.Benchmarks.Reporting;

/// <summary>
/// benchmarks/results.svg: throughput as a ratio to the direct call, p99 latency and CPU per request, for each target
/// at each connection level of one load run. SVG because it needs nothing to draw and GitHub shows it inline.
/// </summary>
public static class LoadChart
{
    private const double PanelWidth = 420;
    private const double PanelHeight = 330;

    // One per target in LoadTargetIds.All's order; a target added later gets a colour of its own in its place, so the others keep theirs.
    private static readonly string[] Colors = ["#7f7f7f", "#1f77b4", "#9467bd", "#aec7e8", "#ff7f0e", "#e377c2", "#2ca02c", "#d62728", "#8c564b"];

    // Legend entries per row: more side by side would overlap their names.
    private const int LegendColumns = 4;

    public static string Render(LoadResult result, string subtitle)
    {
        ArgumentNullException.ThrowIfNull(result);
        var groups = result.Options.Connections.Select(static c => $"{c} connections").ToArray();
        var panels = new[]
        {
            new BarPanel("Throughput, ratio to direct", groups, Series(result, static (summary, direct) => summary.RequestsPerSecond / direct.RequestsPerSecond), "0.00"),
            new BarPanel("p99 latency (ms)", groups, Series(result, static (summary, _) => summary.P99.TotalMilliseconds), "0.0"),
            new BarPanel("CPU per request (µs)", groups, Series(result, static (summary, _) => summary.CpuMicrosecondsPerRequest), "0"),
        };

        var width = PanelWidth * panels.Length;
        var legendRows = (result.Targets.Count + LegendColumns - 1) / LegendColumns;
        var height = PanelHeight + 50 + (20 * legendRows);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width:0}" height="{height:0}" viewBox="0 0 {width:0} {height:0}" font-family="sans-serif">""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{width:0}" height="{height:0}" fill="white"/>""").AppendLine();
        for (var i = 0; i < panels.Length; i++)
        {
            panels[i].Render(svg, i * PanelWidth, 0, PanelWidth, PanelHeight);
        }

        for (var t = 0; t < result.Targets.Count; t++)
        {
            var left = 20 + (t % LegendColumns * (width - 40) / LegendColumns);
            var top = PanelHeight + 8 + (20 * (t / LegendColumns));
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{left:0.#}" y="{top:0}" width="12" height="12" fill="{Colors[t % Colors.Length]}"/>""").AppendLine();
            BarPanel.Text(svg, left + 16, top + 11, result.Targets[t].Name, "start", 11, "normal");
        }

        BarPanel.Text(svg, width / 2, height - 14, subtitle, "middle", 11, "normal");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static BarSeries[] Series(LoadResult result, Func<LoadSummary, LoadSummary, double> value) =>
        result.Targets.Select((target, index) => new BarSeries(
            target.Name,
            Colors[index % Colors.Length],
            result.Options.Connections.Select(c => value(result.Summary(target.Id, c), result.Summary(LoadTargetIds.Direct, c))).ToArray())).ToArray();
}
