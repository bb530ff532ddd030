using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Benchmarks.Distributed;
using Serverless.Gateway.Benchmarks.Processes;
using Serverless.Gateway.Benchmarks.Servers;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>
/// Everything the load benchmark points wrk at, each in its own process on loopback: the backend, the gateway eight
/// times (every policy on with the shipped trace sampling; the same with every trace kept, with CORS, with the access
/// log, with a canary split, with the identity assertion, or with the response cache; every policy off), a bare YARP proxy and nginx, all serving the same route, plus the
/// sink that receives the gateways' telemetry. The cached gateway forwards to a counting backend of its own (in this
/// process), so that a miss during a measured run shows.
/// </summary>
public sealed class LoadEnvironment : IAsyncDisposable
{
    private const string Route = "/bench/products/42";
    private readonly StartedServices _started = new();

    private LoadEnvironment()
    {
    }

    public IReadOnlyList<LoadTarget> Targets { get; private set; } = [];

    public OtlpSink Telemetry { get; private set; } = null!;

    public static Task<LoadEnvironment> StartAsync(string storage, TextWriter progress, CancellationToken cancellationToken) =>
        StartedServices.StartAsync(new LoadEnvironment(), environment => environment.StartCoreAsync(storage, progress, cancellationToken));

    public ValueTask DisposeAsync() => _started.DisposeAsync();

    private async Task StartCoreAsync(string storage, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine("Starting the backend, the gateway (eight times), bare YARP and nginx on loopback...");
        var (backend, backendAddress) = await ServeCommand.StartAsync("backend", Route, ["backend", "{port}"], cancellationToken);
        _started.Add(backend);
        Telemetry = _started.Add(await OtlpSink.StartAsync(cancellationToken));
        var key = await BenchmarkKeys.CreateAsync(storage, new ApiKeyOptions().Table, "bench-tenant", GatewayBenchSettings.Plan, cancellationToken);

        var policiesOn = _started.Add(FunctionAppInstance.Start("gateway", GatewayBenchSettings.WithOwnLimiter(
            GatewayBenchSettings.PoliciesOn(storage, backendAddress, Telemetry.Address, everyTrace: false), "Gateway")));
        var everyTrace = _started.Add(FunctionAppInstance.Start("gateway-traced", GatewayBenchSettings.WithOwnLimiter(
            GatewayBenchSettings.PoliciesOn(storage, backendAddress, Telemetry.Address, everyTrace: true), "Traced")));
        var cors = _started.Add(FunctionAppInstance.Start("gateway-cors", GatewayBenchSettings.WithOwnLimiter(
            GatewayBenchSettings.WithCors(GatewayBenchSettings.PoliciesOn(storage, backendAddress, Telemetry.Address, everyTrace: false)), "Cors")));
        var accessLog = _started.Add(FunctionAppInstance.Start("gateway-logged", GatewayBenchSettings.WithOwnLimiter(
            GatewayBenchSettings.WithAccessLog(GatewayBenchSettings.PoliciesOn(storage, backendAddress, Telemetry.Address, everyTrace: false)), "Logged")));
        var canary = _started.Add(FunctionAppInstance.Start("gateway-canary", GatewayBenchSettings.WithOwnLimiter(
            GatewayBenchSettings.WithCanary(GatewayBenchSettings.PoliciesOn(storage, backendAddress, Telemetry.Address, everyTrace: false)), "Canary")));
        var asserted = _started.Add(FunctionAppInstance.Start("gateway-asserted", GatewayBenchSettings.WithOwnLimiter(
            GatewayBenchSettings.WithIdentityAssertion(GatewayBenchSettings.PoliciesOn(storage, backendAddress, Telemetry.Address, everyTrace: false)), "Asserted")));
        var cacheOrigin = _started.Add(await CountingBackend.StartAsync(cancellationToken));
        var cached = _started.Add(FunctionAppInstance.Start("gateway-cached", GatewayBenchSettings.WithOwnLimiter(
            GatewayBenchSettings.WithCache(GatewayBenchSettings.PoliciesOn(storage, cacheOrigin.Address, Telemetry.Address, everyTrace: false)), "Cached")));
        var policiesOff = _started.Add(FunctionAppInstance.Start("gateway-bare", GatewayBenchSettings.PoliciesOff(storage, backendAddress)));
        var withKey = new Dictionary<string, string>(StringComparer.Ordinal) { ["X-Api-Key"] = key };
        await Loopback.WaitForStatusAsync(policiesOn.Process, new Uri(policiesOn.Address, Route), TimeSpan.FromSeconds(60), cancellationToken, withKey);
        await Loopback.WaitForStatusAsync(everyTrace.Process, new Uri(everyTrace.Address, Route), TimeSpan.FromSeconds(60), cancellationToken, withKey);
        var fromBrowser = new Dictionary<string, string>(withKey, StringComparer.Ordinal) { ["Origin"] = GatewayBenchSettings.CorsOrigin };
        await Loopback.WaitForStatusAsync(cors.Process, new Uri(cors.Address, Route), TimeSpan.FromSeconds(60), cancellationToken, fromBrowser);
        await Loopback.WaitForStatusAsync(accessLog.Process, new Uri(accessLog.Address, Route), TimeSpan.FromSeconds(60), cancellationToken, withKey);
        await Loopback.WaitForStatusAsync(canary.Process, new Uri(canary.Address, Route), TimeSpan.FromSeconds(60), cancellationToken, withKey);
        await Loopback.WaitForStatusAsync(asserted.Process, new Uri(asserted.Address, Route), TimeSpan.FromSeconds(60), cancellationToken, withKey);
        await Loopback.WaitForStatusAsync(cached.Process, new Uri(cached.Address, Route), TimeSpan.FromSeconds(60), cancellationToken, withKey);
        await Loopback.WaitForStatusAsync(policiesOff.Process, new Uri(policiesOff.Address, Route), TimeSpan.FromSeconds(60), cancellationToken);

        var (yarp, yarpAddress) = await ServeCommand.StartBareYarpAsync(Route, backendAddress, new Dictionary<string, string>(), cancellationToken);
        _started.Add(yarp);
        var nginx = _started.Add(await NginxProxy.StartAsync(backendAddress, cancellationToken));

        var none = new Dictionary<string, string>();
        Targets =
        [
            new(LoadTargetIds.Direct, "direct to backend", new Uri(backendAddress, Route), none, backend),
            new(LoadTargetIds.GatewayPoliciesOn, "gateway: API key, rate limit, telemetry", new Uri(policiesOn.Address, Route), withKey, policiesOn.Process),
            new(LoadTargetIds.GatewayEveryTrace, "gateway: the same, every trace kept", new Uri(everyTrace.Address, Route), withKey, everyTrace.Process),
            new(LoadTargetIds.GatewayCors, "gateway: the same, with CORS", new Uri(cors.Address, Route), fromBrowser, cors.Process),
            new(LoadTargetIds.GatewayAccessLog, "gateway: the same, with the access log", new Uri(accessLog.Address, Route), withKey, accessLog.Process),
            new(LoadTargetIds.GatewayCanary, "gateway: the same, with a canary split", new Uri(canary.Address, Route), withKey, canary.Process),
            new(LoadTargetIds.GatewayAssertion, "gateway: the same, with the identity assertion", new Uri(asserted.Address, Route), withKey, asserted.Process),
            new(LoadTargetIds.GatewayCached, "gateway: the same, answered from its cache", new Uri(cached.Address, Route), withKey, cached.Process, new CacheHitCheck(cacheOrigin)),
            new(LoadTargetIds.GatewayPoliciesOff, "gateway: every policy off", new Uri(policiesOff.Address, Route), none, policiesOff.Process),
            new(LoadTargetIds.Yarp, "bare YARP", new Uri(yarpAddress, Route), none, yarp),
            new(LoadTargetIds.Nginx, "nginx (keepalive 64)", new Uri(nginx.Address, Route), none, nginx.Process),
        ];
    }
}
