using System.Globalization;
using Serverless.Gateway.Benchmarks.Processes;
using Serverless.Gateway.Benchmarks.Servers;

namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>
/// The variants measured: the gateway as built (JIT) and published ReadyToRun, each on a route with API-key
/// authentication and the plan's rate limit (the realistic first request: the key is read from storage) and on a route
/// without policies; bare YARP for reference; and experiments that each remove one suspect from the start.
/// </summary>
public static class StartupTargets
{
    public const string Keyed = "API key + rate limit";
    public const string Open = "no policies";
    public const string KeyOnly = "API key only";
    public const string Jit = "gateway, JIT";
    public const string ReadyToRun = "gateway, ReadyToRun";
    public const string Composite = "gateway, self-contained composite ReadyToRun";
    public const string BareYarpReadyToRun = "bare YARP, ReadyToRun";

    private const string KeyedPath = "/secure/items/1";
    private const string OpenPath = "/open/items/1";
    private const string BareYarpPath = "/bench/items/1";

    private static readonly Dictionary<string, string> None = [];

    public static IReadOnlyList<StartupTarget> Create(StartupOptions options, StartupEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var settings = GatewaySettings(environment);
        var keyHeader = new Dictionary<string, string>(StringComparer.Ordinal) { ["X-Api-Key"] = environment.Key };
        var targets = new List<StartupTarget>
        {
            new(Jit, Keyed, KeyedPath, keyHeader, address => GatewayLauncher.Built.Start(Jit, settings, None, address)),
            new(Jit, Open, OpenPath, None, address => GatewayLauncher.Built.Start(Jit, settings, None, address)),
        };
        foreach (var (variant, publish) in new[] { (ReadyToRun, environment.ReadyToRun), (Composite, environment.Composite) })
        {
            if (publish is not null)
            {
                targets.Add(new(variant, Keyed, KeyedPath, keyHeader, address => publish.Launcher.Start(variant, settings, None, address)));
                targets.Add(new(variant, Open, OpenPath, None, address => publish.Launcher.Start(variant, settings, None, address)));
            }
        }

        if (options.BareYarp)
        {
            // As the load benchmark runs it: the build beside this program, JIT-compiled.
            var builtYarp = GatewayLauncher.Dotnet(ServeCommand.BareYarpApp);
            targets.Add(new("bare YARP, JIT", Open, BareYarpPath, None, address => BareYarp("bare YARP, JIT", builtYarp, environment.BackendAddress, address)));
            if (environment.BareYarpReadyToRun is { } published)
            {
                targets.Add(new(BareYarpReadyToRun, Open, BareYarpPath, None, address => BareYarp(BareYarpReadyToRun, published.Launcher, environment.BackendAddress, address)));
            }
        }

        if (options.Experiments)
        {
            targets.AddRange(Experiments(settings, keyHeader));
        }

        return targets;
    }

    /// <summary>Each removes one suspect from the JIT gateway's start; compare with the JIT variant on the same route.</summary>
    private static IEnumerable<StartupTarget> Experiments(Dictionary<string, string> settings, Dictionary<string, string> keyHeader)
    {
        var withoutLimits = settings
            .Where(static s => !s.Key.StartsWith("RateLimiting:", StringComparison.Ordinal) && !s.Key.EndsWith(":RateLimitPolicy", StringComparison.Ordinal))
            .ToDictionary(StringComparer.Ordinal);
        var withoutTriggers = new Dictionary<string, string>(settings, StringComparer.Ordinal) { ["Functions:Triggers:Enabled"] = "false" };
        yield return Experiment("JIT, DOTNET_TieredPGO=0", Keyed, KeyedPath, keyHeader, settings, ("DOTNET_TieredPGO", "0"),
            "tiered PGO off: methods start without the instrumentation that profiles them for later recompilation");
        yield return Experiment("JIT, no rate-limit settings", KeyOnly, KeyedPath, keyHeader, withoutLimits, null,
            "the route authenticates the key but has no rate limit, and without policies or plans the limiter runs no sync round: what the first round, which runs while the server starts and which rate-limit decisions wait for, still costs on this route",
            Keyed);
        yield return Experiment("JIT, no rate-limit settings", Open, OpenPath, None, withoutLimits, null,
            "the same on the route without policies, which needs no storage at all");
        yield return Experiment("JIT, triggers off", Open, OpenPath, None, withoutTriggers, null,
            "`Functions:Triggers:Enabled=false`: no function.json loading and no queue and timer listeners, as under the Functions host");
        yield return Experiment("JIT, OTEL_SDK_DISABLED=true", Open, OpenPath, None, settings, ("OTEL_SDK_DISABLED", "true"),
            "no OpenTelemetry providers, which are set up even when no exporter is configured");
    }

    private static StartupTarget Experiment(
        string variant,
        string route,
        string path,
        Dictionary<string, string> headers,
        Dictionary<string, string> settings,
        (string Name, string Value)? variable,
        string why,
        string? baseline = null)
    {
        var environment = variable is { } set ? new Dictionary<string, string>(StringComparer.Ordinal) { [set.Name] = set.Value } : None;
        var name = "gateway, " + variant;
        return new StartupTarget(name, route, path, headers, address => GatewayLauncher.Built.Start(name, settings, environment, address), why, baseline);
    }

    private static Dictionary<string, string> GatewaySettings(StartupEnvironment environment) => new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage"] = environment.StorageConnectionString,
        ["Logging:LogLevel:Default"] = "Warning",

        // As local.settings.sample.json has it: the standalone trigger runtime starts its listeners too, as in production.
        ["HeartbeatSchedule"] = "0 */5 * * * *",
        ["Gateway:Backends:b:Destinations:d0"] = environment.BackendAddress.ToString(),
        ["Gateway:Routes:secure:Path"] = "/secure/{**rest}",
        ["Gateway:Routes:secure:Backend"] = "b",
        ["Gateway:Routes:secure:AuthPolicy"] = "bench",
        ["Gateway:Routes:secure:RateLimitPolicy"] = "plan",
        ["Gateway:Routes:open:Path"] = "/open/{**rest}",
        ["Gateway:Routes:open:Backend"] = "b",
        ["Auth:Policies:bench:Require"] = "ApiKey",
        ["Auth:ApiKeys:Table"] = StartupEnvironment.KeyTable,
        [$"RateLimiting:Policies:{StartupEnvironment.Plan}:Limit"] = "1000",
        [$"RateLimiting:Plans:{StartupEnvironment.Plan}:RateLimitPolicy"] = StartupEnvironment.Plan,
    };

    private static BenchProcess BareYarp(string displayName, GatewayLauncher launcher, Uri backend, Uri address) =>
        BenchProcess.Start(displayName, launcher.FileName,
            [.. launcher.Arguments, address.Port.ToString(CultureInfo.InvariantCulture), backend.ToString()], None, launcher.WorkingDirectory);
}
