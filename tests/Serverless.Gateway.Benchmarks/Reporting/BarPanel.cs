using System.Globalization;
using System.Net;
using System.Text;

namespace Serverless.Gateway.Benchmarks.Reporting;

/// <summary>A grouped bar chart drawn as SVG elements, one group of bars per label, each bar labelled with its value.</summary>
public sealed record BarPanel(string Title, IReadOnlyList<string> Groups, IReadOnlyList<BarSeries> Series, string ValueFormat)
{
    private const double Top = 40;
    private const double Bottom = 40;
    private const double Side = 20;

    public void Render(StringBuilder svg, double x, double y, double width, double height)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var max = Series.SelectMany(static series => series.Values).DefaultIfEmpty(0).Max();
        var scale = max > 0 ? (height - Top - Bottom) / (max * 1.15) : 0;
        var baseline = y + height - Bottom;
        var groupWidth = (width - (2 * Side)) / Math.Max(1, Groups.Count);
        var barWidth = groupWidth * 0.8 / Math.Max(1, Series.Count);

        Text(svg, x + (width / 2), y + 22, Title, "middle", 15, "bold");
        Line(svg, x + Side, baseline, x + width - Side, baseline);
        for (var g = 0; g < Groups.Count; g++)
        {
            var groupLeft = x + Side + (g * groupWidth) + (groupWidth * 0.1);
            Text(svg, groupLeft + (groupWidth * 0.4), baseline + 20, Groups[g], "middle", 13, "normal");
            for (var s = 0; s < Series.Count; s++)
            {
                var value = Series[s].Values[g];
                var barHeight = value * scale;
                var left = groupLeft + (s * barWidth);
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{left:0.#}" y="{baseline - barHeight:0.#}" width="{barWidth * 0.9:0.#}" height="{barHeight:0.#}" fill="{Series[s].Color}"/>""").AppendLine();
                Text(svg, left + (barWidth * 0.45), baseline - barHeight - 4, value.ToString(ValueFormat, CultureInfo.InvariantCulture), "middle", 10, "normal");
            }
        }
    }

    private static void Line(StringBuilder svg, double x1, double y1, double x2, double y2) =>
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{x1:0.#}" y1="{y1:0.#}" x2="{x2:0.#}" y2="{y2:0.#}" stroke="#444"/>""").AppendLine();

    internal static void Text(StringBuilder svg, double x, double y, string text, string anchor, int size, string weight) =>
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:0.#}" y="{y:0.#}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}">{WebUtility.HtmlEncode(text)}</text>""").AppendLine();
}
