using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Tests.Infrastructure;

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

    /// <summary>Where OpenTelemetry data lands in an Application Insights resource (spans, logs, metrics).</summary>
    private static readonly string[] ClassicTables = ["requests", "dependencies", "traces", "exceptions", "customMetrics"];

    /// <summary>The same data in a Log Analytics workspace: not queryable from a workbook whose source is the component.</summary>
    private static readonly string[] WorkspaceTables = ["AppRequests", "AppDependencies", "AppTraces", "AppExceptions", "AppMetrics"];

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

        var exported = await ExportedInstrumentNamesAsync();
        exported.UnionWith(InstrumentsOfTheOtherApps());

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

    /// <summary>
    /// The instruments the gateway creates whose meters its OpenTelemetry pipeline exports, found without a list of names:
    /// the real gateway is composed (orders enabled, so every feature registers its metrics), its metric pipeline is built,
    /// and every service whose constructor takes <see cref="IMeterFactory"/> is resolved, which creates its instruments
    /// (GatewayMetrics, RateLimitingMetrics, OrdersMetrics, EventsMetrics, and ASP.NET Core's hosting and Kestrel
    /// metrics). An instrument counts when it belongs to this gateway's meter factory, or to a process-wide meter, and
    /// the pipeline (with an in-memory reader standing in for Azure Monitor's) enabled it, which it does exactly for the
    /// meters it exports. The app is built, not started: nothing reaches storage.
    /// </summary>
    private static async Task<HashSet<string>> ExportedInstrumentNamesAsync()
    {
        IServiceCollection? services = null;
        var exportedMetrics = new List<Metric>();
        await using var app = GatewayTestServer.Build(GatewayWithEveryFeature(), builder =>
        {
            services = builder.Services;

            // In Azure the Azure Monitor exporter is the pipeline's reader; without any reader it enables nothing.
            builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exportedMetrics));
        });
        var meterFactory = app.Services.GetRequiredService<IMeterFactory>();
        var instruments = new ConcurrentDictionary<Instrument, bool>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    instruments.TryAdd(instrument, true);
                }
            },
        };
        listener.Start();

        _ = app.Services.GetRequiredService<MeterProvider>();
        using (var scope = app.Services.CreateScope())
        {
            foreach (var serviceType in InstrumentOwners(services!))
            {
                _ = scope.ServiceProvider.GetServices(serviceType).ToList();
            }
        }

        await SendOneHttpClientRequestAsync();
        return instruments.Keys.Where(static instrument => instrument.Enabled).Select(static instrument => instrument.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Instruments the other function apps under functions/ declare (the orders app's saga metrics, meter
    /// Serverless.Orders). They cannot be composed here like the gateway, so their source is read: every
    /// <c>Create&lt;Instrument&gt;&lt;T&gt;("name"</c> with a literal name. That proves the name is an instrument of that app,
    /// not that its OpenTelemetry pipeline exports the meter.
    /// </summary>
    private static HashSet<string> InstrumentsOfTheOtherApps()
    {
        var functions = Path.Combine(RepositoryRoot.Find(), "functions");
        return Directory.EnumerateFiles(functions, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(functions, file).Split(Path.DirectorySeparatorChar))
            .Where(static parts => parts[0] != "Serverless.Gateway" && !parts.Any(static part => part is "bin" or "obj"))
            .SelectMany(parts => InstrumentDeclaration().Matches(File.ReadAllText(Path.Combine([functions, .. parts]))))
            .Select(static match => match.Groups["name"].Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Registered services whose implementation takes an <see cref="IMeterFactory"/>: the ones that create instruments.</summary>
    private static IEnumerable<Type> InstrumentOwners(IServiceCollection services) => services
        .Where(static descriptor => !descriptor.IsKeyedService && !descriptor.ServiceType.IsGenericTypeDefinition)
        .Where(static descriptor => TakesMeterFactory(descriptor.ImplementationType ?? descriptor.ImplementationInstance?.GetType() ?? descriptor.ServiceType))
        .Select(static descriptor => descriptor.ServiceType)
        .Distinct();

    private static bool TakesMeterFactory(Type type) => type
        .GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
        .Any(static constructor => constructor.GetParameters().Any(static parameter => parameter.ParameterType == typeof(IMeterFactory)));

    /// <summary>
    /// System.Net.Http publishes <c>http.client.request.duration</c> on a process-wide meter when a handler sends its first
    /// request, which the gateway does when it forwards to a backend. One request to a closed loopback port does the same.
    /// </summary>
    private static async Task SendOneHttpClientRequestAsync()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        using var client = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException)
        {
        }
    }

    /// <summary>Settings under which every feature registers its services (orders, hence the saga's metrics, is opt-in).</summary>
    private static IReadOnlyDictionary<string, string?> GatewayWithEveryFeature() => new GatewaySettings()
        .Backend("items", "http://127.0.0.1:1/")
        .Route("items", "/items/{**rest}", "items")
        .Backend("inventory", "http://127.0.0.1:1/")
        .Backend("payment", "http://127.0.0.1:1/")
        .Backend("shipping", "http://127.0.0.1:1/")
        .Set("Orders:Enabled", "true")
        .Set("urls", "http://127.0.0.1:0")
        .Set("AzureWebJobsStorage", "UseDevelopmentStorage=true")
        .Set("Logging:LogLevel:Default", "Warning")
        .Build();

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

    private static bool ReadsTable(string query, string table) =>
        Regex.IsMatch(query, $@"(?<![\w.'""\[]){Regex.Escape(table)}(?![\w'""\]])", RegexOptions.CultureInvariant);

    /// <summary>The metric names a customMetrics query filters on: <c>name == 'x'</c>, <c>name =~ 'x'</c>, <c>name in ('x', 'y')</c>.</summary>
    private static List<string> MetricNames(string query)
    {
        var names = NameEquals().Matches(query).Select(static match => match.Groups["name"].Value).ToList();
        foreach (Match list in NameIn().Matches(query))
        {
            names.AddRange(QuotedString().Matches(list.Groups["list"].Value).Select(static match => match.Groups["value"].Value));
        }

        return names;
    }

    [GeneratedRegex(@"\.Create(?:Counter|Histogram|UpDownCounter|Gauge|ObservableCounter|ObservableGauge|ObservableUpDownCounter)\s*<[^>]+>\s*\(\s*""(?<name>[^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex InstrumentDeclaration();

    [GeneratedRegex(@"\bname\s*(?:==|=~)\s*(?<q>['""])(?<name>[^'""]+)\k<q>", RegexOptions.CultureInvariant)]
    private static partial Regex NameEquals();

    [GeneratedRegex(@"\bname\s+in~?\s*\((?<list>[^)]*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex NameIn();

    [GeneratedRegex(@"(?<q>['""])(?<value>[^'""]*)\k<q>", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedString();

    /// <summary>A workbook parameter reference: <c>{TimeRange}</c>, <c>{TimeRange:grain}</c>.</summary>
    [GeneratedRegex(@"\{(\w+)(?::[\w-]+)?\}", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterReference();
}
