using System.Net;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Builds active health probes and marks them, so <see cref="RetryHandler"/> sends them once: a probe must report what
/// the destination answers, not what it answers after retries.
/// </summary>
public sealed class HealthProbeRequestFactory : IProbingRequestFactory
{
    public static readonly HttpRequestOptionsKey<bool> ProbeKey = new("Serverless.Gateway.HealthProbe");

    public HttpRequestMessage CreateRequest(ClusterModel cluster, DestinationModel destination)
    {
        var active = cluster.Config.HealthCheck?.Active;
        var baseAddress = (destination.Config.Health ?? destination.Config.Address).TrimEnd('/');
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress + active?.Path + active?.Query))
        {
            Version = cluster.Config.HttpRequest?.Version ?? HttpVersion.Version20,
            VersionPolicy = cluster.Config.HttpRequest?.VersionPolicy ?? HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Options.Set(ProbeKey, true);
        return request;
    }
}
