using System.Diagnostics;
using System.Net;
using System.Runtime;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Benchmarks.Servers;

namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>
/// One proxied GET through the whole gateway in process: the real app on TestServer (every middleware, routing, the
/// route's policies, YARP with the gateway's transforms, load balancing and circuit breaker, telemetry), forwarding
/// over loopback to <see cref="BenchBackend"/> on Kestrel, which answers 80 bytes of JSON. One request at a time, so
/// the figure is a latency, not a throughput. Both variants send the same request, API key included, to routes that
/// differ only in their policies, so the difference between them is what the policies cost per request: the cached
/// API key check, the rate-limit decision, the plan's quota count, the RateLimit headers they add and the identity
/// headers the backend receives. That is small next to the request itself, so it takes a quiet machine to show; the
/// difference in bytes allocated shows on any.
/// </summary>
public class ProxyPipelineBenchmarks
{
    private const string Plan = "bench";
    private const int PrimingRound = 500;
    private const int MaxPrimingSeconds = 60;

    private static readonly Uri Open = new("/open/products/42", UriKind.Relative);
    private static readonly Uri Secure = new("/secure/products/42", UriKind.Relative);

    private WebApplication _backend = null!;
    private InProcessGateway _gateway = null!;
    private HttpClient _client = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _backend = BenchBackend.Create(0);
        await _backend.StartAsync();
        var backend = _backend.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _gateway = await InProcessGateway.StartAsync(Settings(backend));
        var key = await _gateway.App.Services.GetRequiredService<ApiKeyManager>()
            .CreateAsync("bench", Plan, ["products:read"], null, null, CancellationToken.None);
        _client = _gateway.CreateClient();
        _client.DefaultRequestHeaders.Add(IdentityHeaders.ApiKey, key.Key);

        await PrimeAsync();
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _backend.StopAsync();
        await _backend.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<int> PoliciesOff() => GetAsync(Open);

    [Benchmark]
    public Task<int> PoliciesOn() => GetAsync(Secure);

    private async Task<int> GetAsync(Uri path)
    {
        using var response = await _client.GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK
            ? (await response.Content.ReadAsByteArrayAsync()).Length
            : throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Sends both kinds of request until a whole round of them makes the JIT compile nothing more. The first requests
    /// verify the key against storage and open the connection to the backend. Both variants run mostly the same framework,
    /// YARP and gateway code, and on a busy machine the JIT's background tier-up of it takes seconds: without this,
    /// whichever variant runs first is partly measured on unoptimised code.
    /// </summary>
    private async Task PrimeAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + (MaxPrimingSeconds * Stopwatch.Frequency);
        long compiled;
        do
        {
            compiled = JitInfo.GetCompiledMethodCount();
            for (var i = 0; i < PrimingRound; i++)
            {
                await GetAsync(Open);
                await GetAsync(Secure);
            }
        }
        while (JitInfo.GetCompiledMethodCount() > compiled && Stopwatch.GetTimestamp() < deadline);
    }

    /// <summary>Limits no benchmark run can reach, so no request is refused and the decisions stay on the admitting path.</summary>
    private static Dictionary<string, string?> Settings(string backend) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Gateway:Backends:bench:Destinations:d0"] = backend,
        ["Gateway:Routes:open:Path"] = "/open/{**rest}",
        ["Gateway:Routes:open:Backend"] = "bench",
        ["Gateway:Routes:secure:Path"] = "/secure/{**rest}",
        ["Gateway:Routes:secure:Backend"] = "bench",
        ["Gateway:Routes:secure:AuthPolicy"] = "products",
        ["Gateway:Routes:secure:RateLimitPolicy"] = Plan,
        ["Auth:Policies:products:Require"] = "ApiKey",
        ["Auth:Policies:products:Scopes:0"] = "products:read",
        [$"RateLimiting:Policies:{Plan}:Limit"] = "1000000000",
        [$"RateLimiting:Policies:{Plan}:Window"] = "01:00:00",
        [$"RateLimiting:Plans:{Plan}:DailyQuota"] = "1000000000",
    };
}
