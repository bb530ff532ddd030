using System.Xml.Linq;
using Serverless.Gateway.Benchmarks.Load;
using Serverless.Gateway.Benchmarks.Reporting;

namespace Serverless.Gateway.Benchmarks.Tests;

public sealed class LoadChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_chart_is_svg_with_a_bar_per_target_level_and_panel_and_a_legend_entry_per_target()
    {
        var samples = LoadTargetIds.All.SelectMany(id => new[] { 32, 128 }.Select(connections =>
            new LoadSample(id, connections, 1, new WrkResult(10_000 + connections, 80_000, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(3), 0, 0), TimeSpan.FromSeconds(2)))).ToArray();
        var result = new LoadResult(
            new Load.LoadOptions { Connections = [32, 128], Rounds = 1 },
            LoadTargetIds.All.Select(static id => (id, $"<{id}> & co")).ToArray(),
            samples,
            LoadTargetIds.All.ToDictionary(static id => id, static _ => 1L),
            LoadTargetIds.All.ToDictionary(static id => id, static _ => TimeSpan.FromSeconds(6)),
            0,
            0);

        var document = XDocument.Parse(LoadChart.Render(result, "test machine"));

        var bars = document.Descendants(Svg + "rect").Count(static rect => rect.Attribute("height")?.Value != "12" && rect.Attribute("fill")?.Value != "white");
        Assert.Equal(LoadTargetIds.All.Count * 2 * 3, bars);
        var texts = document.Descendants(Svg + "text").Select(static text => text.Value).ToArray();
        Assert.All(LoadTargetIds.All, id => Assert.Contains($"<{id}> & co", texts));
        Assert.Contains("128 connections", texts);
        Assert.Contains("test machine", texts);
    }
}
