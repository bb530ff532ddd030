using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Benchmarks.BareYarp;

/// <summary>
/// What a team would write instead of the gateway: YARP from its documentation, one route and one cluster in memory,
/// the same route the gateway serves, with logging at Warning as it should be on a hot path.
/// </summary>
public static class BareYarpProxy
{
    public static async Task RunAsync(int port, Uri backend)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "bench", ClusterId = "backend", Match = new RouteMatch { Path = "/bench/{**rest}" } }],
            [new ClusterConfig
            {
                ClusterId = "backend",
                Destinations = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal) { ["d0"] = new() { Address = backend.ToString() } },
            }]);
        var app = builder.Build();
        app.Urls.Add($"http://127.0.0.1:{port}");
        app.MapReverseProxy();
        await app.RunAsync();
    }
}
