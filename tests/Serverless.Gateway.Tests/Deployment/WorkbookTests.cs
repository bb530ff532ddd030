using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Serverless.LocalRun.Azurite;
using static Serverless.Gateway.Tests.Deployment.AppTelemetry;
using static Serverless.Gateway.Tests.Deployment.KqlText;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>
/// infra/app/workbook.json, which infra/app/workbook.bicep deploys as the workbook's <c>serializedData</c> with the
/// Application Insights component as its source: plain workbook JSON (no ARM wrapper) with the dashboard's charts,
/// queries against the classic Application Insights tables, and only metric names the function apps really export.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class WorkbookTests
{
    /// <summary>The charts issue 6 asks for, by the workbook item names docs and portal links can rely on.</summary>
    private static readonly string[] RequiredCharts =
    [
        "request-rate-by-route",
        "p95-latency-by-route",
        "errors-by-route-and-backend",
        "throttled-by-tenant-and-plan",
        "circuit-openings",
        "saga-outcomes",
        "saga-duration",
        "events-delivered-vs-dead-lettered",
    ];

    private static readonly HashSet<string> ChartVisualizations =
        ["timechart", "barchart", "linechart", "areachart", "piechart", "scatterchart", "categoricalbar", "unstackedbar"];

    private static string WorkbookPath => Path.Combine(RepositoryRoot.Find(), "infra", "app", "workbook.json");

    [Fact]
    public void Workbook_is_a_notebook_the_bicep_can_deploy_as_is()
    {
        var workbook = Workbook();

        Assert.Equal("Notebook/1.0", (string?)workbook["version"]);
        Assert.Null(workbook["resources"]);
        Assert.DoesNotContain("deploymentTemplate", (string?)workbook["$schema"] ?? "", StringComparison.OrdinalIgnoreCase);
        var items = Items(workbook).ToList();
        Assert.NotEmpty(items);
        var names = items.Select(static item => (string?)item["name"]).ToList();
        Assert.All(names, static name => Assert.False(string.IsNullOrWhiteSpace(name), "Every workbook item needs a name."));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());

        foreach (var item in items.Where(static item => (int?)item["type"] == 3))
        {
            var content = item["content"]!;
            var name = (string?)item["name"];
            Assert.True((string?)content["version"] == "KqlItem/1.0", $"{name}: content.version must be KqlItem/1.0.");
            Assert.True((int?)content["queryType"] == 0, $"{name}: queryType must be 0 (Logs).");
            Assert.True(
                (string?)content["resourceType"] == "microsoft.insights/components",
                $"{name}: resourceType must be microsoft.insights/components, the workbook's source.");
            Assert.False(string.IsNullOrWhiteSpace((string?)content["query"]), $"{name}: the query is empty.");
            Assert.False(string.IsNullOrWhiteSpace((string?)content["title"]), $"{name}: the chart has no title.");
        }
    }

    [Fact]
    public void Workbook_has_a_chart_for_each_view_the_dashboard_promises()
    {
        var charts = Items(Workbook())
            .Where(static item => (int?)item["type"] == 3 && ChartVisualizations.Contains((string?)item["content"]!["visualization"] ?? ""))
            .Select(static item => (string)item["name"]!)
            .ToList();

        Assert.True(charts.Count >= 6, $"Expected at least six charts, found {charts.Count}: {string.Join(", ", charts)}.");
        var missing = RequiredCharts.Except(charts, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"Charts missing (or not rendered as charts): {string.Join(", ", missing)}.");
    }

    [Fact]
    public void Queries_read_the_application_insights_tables_and_only_defined_parameters()
    {
        var workbook = Workbook();
        var parameters = Items(workbook)
            .Where(static item => (int?)item["type"] == 9)
            .SelectMany(static item => item["content"]!["parameters"]!.AsArray())
            .Select(static parameter => (string)parameter!["name"]!)
            .ToHashSet(StringComparer.Ordinal);

        foreach (var (name, query) in Queries(workbook))
        {
            Assert.True(
                ClassicTables.Any(table => ReadsTable(query, table)),
                $"{name}: reads none of {string.Join(", ", ClassicTables)}.");
            var workspaceTable = WorkspaceTables.FirstOrDefault(table => ReadsTable(query, table));
            Assert.True(workspaceTable is null, $"{name}: reads {workspaceTable}, a workspace table; the workbook's source is the Application Insights component.");

            var undefined = ParameterReference().Matches(query).Select(static match => match.Groups[1].Value).Where(parameter => !parameters.Contains(parameter)).ToList();
            Assert.True(undefined.Count == 0, $"{name}: uses undefined workbook parameters {string.Join(", ", undefined)}.");
            Assert.True(
                !ReadsTable(query, "customMetrics") || MetricNames(query).Count > 0,
                $"{name}: reads customMetrics without a `name == '...'` or `name in (...)` filter.");
        }
    }

    [Fact]
    public async Task Every_metric_the_workbook_queries_is_one_the_apps_export()
    {
        var queried = Queries(Workbook())
            .Where(static query => ReadsTable(query.Query, "customMetrics"))
            .SelectMany(static query => MetricNames(query.Query))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(queried);

        var exported = await ExportedMetricNamesAsync();

        var unknown = queried.Where(name => !exported.Contains(name)).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            unknown.Count == 0,
            $"The workbook queries metrics no function app exports: {string.Join(", ", unknown)}. " +
            $"They export: {string.Join(", ", exported.Order(StringComparer.Ordinal))}.");
    }

    [Fact]
    public void The_saga_panels_do_not_filter_on_the_gateways_cloud_role()
    {
        // The saga's metrics come from the orders app, whose cloud role is not the gateway's.
        var sagaQueries = Queries(Workbook()).Where(static query => MetricNames(query.Query).Any(static name => name.StartsWith("orders.", StringComparison.Ordinal))).ToList();
        Assert.Equal(4, sagaQueries.Count);
        Assert.All(sagaQueries, static query => Assert.DoesNotContain("{RoleName}", query.Query, StringComparison.Ordinal));
    }

    private static JsonNode Workbook() =>
        JsonNode.Parse(File.ReadAllText(WorkbookPath)) ?? throw new InvalidOperationException($"{WorkbookPath} is empty.");

    /// <summary>Every item, including those inside groups.</summary>
    private static IEnumerable<JsonNode> Items(JsonNode workbook)
    {
        var pending = new Stack<JsonNode>(workbook["items"]!.AsArray().Select(static item => item!).Reverse());
        while (pending.TryPop(out var item))
        {
            yield return item;
            if (item["content"]?["items"] is JsonArray children)
            {
                foreach (var child in children.Reverse())
                {
                    pending.Push(child!);
                }
            }
        }
    }

    private static IEnumerable<(string Name, string Query)> Queries(JsonNode workbook) => Items(workbook)
        .Where(static item => (int?)item["type"] == 3)
        .Select(static item => ((string?)item["name"] ?? "(unnamed)", (string)item["content"]!["query"]!));

    /// <summary>A workbook parameter reference: <c>{TimeRange}</c>, <c>{TimeRange:grain}</c>.</summary>
    [GeneratedRegex(@"\{(\w+)(?::[\w-]+)?\}", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterReference();
}
