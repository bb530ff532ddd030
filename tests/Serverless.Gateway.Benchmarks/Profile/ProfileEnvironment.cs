using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Benchmarks.Load;
using Serverless.Gateway.Benchmarks.Processes;
using Serverless.Gateway.Benchmarks.Servers;
using Serverless.Gateway.Benchmarks.Startup;

namespace Serverless.Gateway.Benchmarks.Profile;

/// <summary>
/// What the profile records, each in its own process on loopback, as the load benchmark starts them: the backend, bare
/// YARP, the gateway with every policy off and the gateway with an API key, a rate limit and telemetry (to a sink in
/// this process). The three proxies write perf maps, so that perf can name their JIT-compiled code; they are processes
/// of their own so that the load benchmark's are not run that way. Their perf maps are deleted when they have stopped.
/// </summary>
public sealed class ProfileEnvironment : IAsyncDisposable
{
    public const string YarpName = "bare YARP";
    public const string PoliciesOffName = "gateway, every policy off";
    public const string PoliciesOnName = "gateway, API key + rate limit + telemetry";

    private const string Route = "/bench/products/42";

    /// <summary>
    /// Perf maps (/tmp/perf-&lt;pid&gt;.map) name the JIT's code; without W^X off, perf sees that code only through the
    /// runtime's double mapping (<c>memfd:doublemapper</c>) and names none of it.
    /// </summary>
    private static readonly Dictionary<string, string> PerfMaps = new(StringComparer.Ordinal)
    {
        ["DOTNET_PerfMapEnabled"] = "1",
        ["DOTNET_EnableWriteXorExecute"] = "0",
    };

    private readonly StartedServices _started = new();
    private readonly List<int> _mapped = [];

    private ProfileEnvironment()
    {
    }

    /// <summary>Bare YARP, the gateway with every policy off, the gateway with policies on; ids from <see cref="LoadTargetIds"/>.</summary>
    public IReadOnlyList<LoadTarget> Targets { get; private set; } = [];

    public static Task<ProfileEnvironment> StartAsync(string storage, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return StartedServices.StartAsync(new ProfileEnvironment(), environment => environment.StartCoreAsync(storage, progress, cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        await _started.DisposeAsync();
        foreach (var processId in _mapped)
        {
            File.Delete(Path.Combine("/tmp", $"perf-{processId}.map"));
            File.Delete(Path.Combine("/tmp", $"perfinfo-{processId}.map"));
        }

        _mapped.Clear();
    }

    private async Task StartCoreAsync(string storage, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine("Starting the backend, bare YARP and the gateway (policies off, policies on) on loopback, the proxies with perf maps...");
        var (backend, backendAddress) = await ServeCommand.StartAsync("backend", Route, ["backend", "{port}"], cancellationToken);
        _started.Add(backend);
        var sink = await OtlpSink.StartAsync(cancellationToken);
        _started.Add(sink);
        var key = await BenchmarkKeys.CreateAsync(storage, new ApiKeyOptions().Table, "bench-tenant", GatewayBenchSettings.Plan, cancellationToken);

        var policiesOff = StartGateway("gateway-bare", GatewayBenchSettings.PoliciesOff(storage, backendAddress));
        var policiesOn = StartGateway("gateway", GatewayBenchSettings.WithOwnLimiter(
            GatewayBenchSettings.PoliciesOn(storage, backendAddress, sink.Address, everyTrace: false), "Profile"));
        var withKey = new Dictionary<string, string>(StringComparer.Ordinal) { ["X-Api-Key"] = key };
        await Loopback.WaitForStatusAsync(policiesOff.Process, new Uri(policiesOff.Address, Route), TimeSpan.FromSeconds(60), cancellationToken);
        await Loopback.WaitForStatusAsync(policiesOn.Process, new Uri(policiesOn.Address, Route), TimeSpan.FromSeconds(60), cancellationToken, withKey);

        var (yarp, yarpAddress) = await ServeCommand.StartBareYarpAsync(Route, backendAddress, PerfMaps, cancellationToken);
        Mapped(yarp);

        var none = new Dictionary<string, string>();
        Targets =
        [
            new(LoadTargetIds.Yarp, YarpName, new Uri(yarpAddress, Route), none, yarp),
            new(LoadTargetIds.GatewayPoliciesOff, PoliciesOffName, new Uri(policiesOff.Address, Route), none, policiesOff.Process),
            new(LoadTargetIds.GatewayPoliciesOn, PoliciesOnName, new Uri(policiesOn.Address, Route), withKey, policiesOn.Process),
        ];
    }

    private (BenchProcess Process, Uri Address) StartGateway(string displayName, IReadOnlyDictionary<string, string> settings)
    {
        var address = FunctionAppInstance.FreeAddress();
        var process = GatewayLauncher.Built.Start(displayName, settings, PerfMaps, address);
        Mapped(process);
        return (process, address);
    }

    private void Mapped(BenchProcess process)
    {
        _started.Add(process);
        _mapped.Add(process.Id);
    }
}
