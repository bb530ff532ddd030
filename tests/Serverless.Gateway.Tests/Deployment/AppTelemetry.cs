using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>
/// What the function apps send to Application Insights, for the tests that check a deployed query (the workbook's, the
/// alert rules') reads only that: the tables OpenTelemetry data lands in, the metrics the apps export, and the strings
/// their code writes as tag keys and values.
/// </summary>
internal static partial class AppTelemetry
{
    /// <summary>Where OpenTelemetry data lands in an Application Insights resource (spans, logs, metrics).</summary>
    public static readonly string[] ClassicTables = ["requests", "dependencies", "traces", "exceptions", "customMetrics"];

    /// <summary>The same data in a Log Analytics workspace: not queryable from a query whose scope is the component.</summary>
    public static readonly string[] WorkspaceTables = ["AppRequests", "AppDependencies", "AppTraces", "AppExceptions", "AppMetrics"];

    /// <summary>
    /// Attributes ASP.NET Core puts on <c>http.server.request.duration</c> (OpenTelemetry's HTTP semantic conventions), which
    /// the Azure Monitor exporter sends as <c>customDimensions</c>; the apps' code does not write these names itself.
    /// </summary>
    public static readonly string[] AspNetCoreRequestAttributes =
        ["http.route", "http.response.status_code", "http.request.method", "url.scheme", "network.protocol.version", "error.type"];

    /// <summary>
    /// The names of every metric the apps export: the gateway's, found by composing it
    /// (<see cref="GatewayInstrumentNamesAsync"/>), and those the other apps under functions/ declare
    /// (<see cref="InstrumentsOfTheOtherApps"/>).
    /// </summary>
    public static async Task<HashSet<string>> ExportedMetricNamesAsync()
    {
        var exported = await GatewayInstrumentNamesAsync();
        exported.UnionWith(InstrumentsOfTheOtherApps());
        return exported;
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
    public static async Task<HashSet<string>> GatewayInstrumentNamesAsync()
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
    public static HashSet<string> InstrumentsOfTheOtherApps() => SourceFiles()
        .Where(static file => file.App != "Serverless.Gateway")
        .SelectMany(static file => InstrumentDeclaration().Matches(file.Text))
        .Select(static match => match.Groups["name"].Value)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Every string literal (<c>"..."</c>, no interpolation) in the apps' C# sources: the tag keys and values they write, among the rest.</summary>
    public static HashSet<string> StringLiterals() => SourceFiles()
        .SelectMany(static file => StringLiteral().Matches(file.Text))
        .Select(static match => match.Groups["value"].Value)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Every member of an enum declared in the apps' C# sources: values written with <c>ToString()</c>, such as an order's status.</summary>
    public static HashSet<string> EnumMembers() => SourceFiles()
        .SelectMany(static file => EnumDeclaration().Matches(file.Text))
        .SelectMany(static match => EnumMember().Matches(match.Groups["body"].Value))
        .Select(static match => match.Groups["name"].Value)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The C# files of the apps under functions/, by app (the first folder), without build output.</summary>
    private static IEnumerable<(string App, string Text)> SourceFiles()
    {
        var functions = Path.Combine(RepositoryRoot.Find(), "functions");
        return Directory.EnumerateFiles(functions, "*.cs", SearchOption.AllDirectories)
            .Select(file => (File: file, Parts: Path.GetRelativePath(functions, file).Split(Path.DirectorySeparatorChar)))
            .Where(static file => !file.Parts.Any(static part => part is "bin" or "obj"))
            .Select(static file => (file.Parts[0], File.ReadAllText(file.File)));
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
        .Set("Telemetry:Collect", "true")
        .Set("urls", "http://127.0.0.1:0")
        .Set("AzureWebJobsStorage", "UseDevelopmentStorage=true")
        .Set("Logging:LogLevel:Default", "Warning")
        .Build();

    [GeneratedRegex(@"\.Create(?:Counter|Histogram|UpDownCounter|Gauge|ObservableCounter|ObservableGauge|ObservableUpDownCounter)\s*<[^>]+>\s*\(\s*""(?<name>[^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex InstrumentDeclaration();

    [GeneratedRegex(@"(?<![$@\w""])""(?<value>[^""\\\r\n]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\benum\s+\w+\s*(?::\s*\w+\s*)?\{(?<body>[^}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex EnumDeclaration();

    /// <summary>A member of an enum body: an identifier at the start of a line (after attributes and doc comments are skipped by the line match).</summary>
    [GeneratedRegex(@"(?m)^\s*(?<name>[A-Z]\w*)\s*(?:=\s*[^,\r\n]+)?,?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnumMember();
}
