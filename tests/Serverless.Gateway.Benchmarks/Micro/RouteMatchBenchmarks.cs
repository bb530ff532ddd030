using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Yarp.ReverseProxy.Model;

namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>
/// The per-request cost of finding a request's route. The gateway does not match routes itself: its routes become YARP
/// endpoints, and ASP.NET Core's endpoint routing (<c>UseRouting</c>, a DFA over every endpoint's path, with method,
/// host and YARP's header matcher policies) picks one. Measured here is that routing middleware, built from the data
/// sources of the real gateway app (its 20 configured routes, plus its health and function endpoints), on a request
/// that already exists, up to the point where it would hand over to the proxy. The DFA matcher itself is internal to
/// ASP.NET Core, so this is the nearest public entry to it, and the one every request goes through.
/// </summary>
public class RouteMatchBenchmarks
{
    private InProcessGateway _gateway = null!;
    private RequestDelegate _routing = null!;
    private DefaultHttpContext _parameterRequest = null!;
    private DefaultHttpContext _catchAllRequest = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _gateway = await InProcessGateway.StartAsync(BenchmarkRouteTable.Settings);
        _routing = BuildRouting(_gateway.App);
        _parameterRequest = Request("/catalog/products/42");
        _catchAllRequest = Request("/api/orders/7/lines");
        Expect(_parameterRequest, "catalog-product");
        Expect(_catchAllRequest, "orders");
    }

    [GlobalCleanup]
    public async Task CleanUpAsync() => await _gateway.DisposeAsync();

    /// <summary><c>/catalog/products/{id:int}</c>, which must beat <c>/catalog/{**rest}</c> and the fallback <c>/{**rest}</c>.</summary>
    [Benchmark(Baseline = true)]
    public Endpoint ParameterRoute() => Match(_parameterRequest);

    /// <summary><c>/api/orders/{**rest}</c>, after its higher-priority twin that needs an <c>X-Api-Version</c> header is ruled out.</summary>
    [Benchmark]
    public Endpoint CatchAllRoute() => Match(_catchAllRequest);

    /// <summary>
    /// A pipeline of routing alone, on a branch of the gateway app. A branch starts with no endpoints of its own, so the
    /// app's endpoint data sources are handed to it the way <c>UseEndpoints</c> registers them; the endpoint middleware
    /// that call adds is never reached, since the branch ends right after the match.
    /// </summary>
    private static RequestDelegate BuildRouting(WebApplication app)
    {
        var branch = ((IApplicationBuilder)app).New();
        branch.UseRouting();
        branch.Run(static _ => Task.CompletedTask);
        branch.UseEndpoints(endpoints =>
        {
            foreach (var source in ((IEndpointRouteBuilder)app).DataSources)
            {
                endpoints.DataSources.Add(source);
            }
        });
        return branch.Build();
    }

    private DefaultHttpContext Request(string path)
    {
        var context = new DefaultHttpContext { RequestServices = _gateway.App.Services };
        context.Request.Method = HttpMethods.Get;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("api.example.com");
        context.Request.Path = path;
        context.Request.Headers.Accept = "application/json";
        return context;
    }

    private Endpoint Match(HttpContext context)
    {
        // Routing leaves a request alone once it has an endpoint; each call must match afresh.
        context.SetEndpoint(null);
        var routed = _routing(context);
        return routed.IsCompletedSuccessfully && context.GetEndpoint() is { } endpoint
            ? endpoint
            : throw new InvalidOperationException($"{context.Request.Path} did not match synchronously.");
    }

    private void Expect(HttpContext context, string routeId)
    {
        var matched = Match(context).Metadata.GetMetadata<RouteModel>()?.Config.RouteId;
        if (matched != routeId)
        {
            throw new InvalidOperationException($"{context.Request.Path} matched route '{matched}', not '{routeId}'.");
        }
    }
}
