using System.Net;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Builds active health probes as <see cref="HealthProbeRequest"/>s, so <see cref="RetryHandler"/> sends them once: a
/// probe must report what the destination answers, not what it answers after retries.
/// </summary>
public sealed class HealthProbeRequestFactory : IProbingRequestFactory
{
    public HttpRequestMessage CreateRequest(ClusterModel cluster, DestinationModel destination)
    {
        var active = cluster.Config.HealthCheck?.Active;
        var baseAddress = (destination.Config.Health ?? destination.Config.Address).TrimEnd('/');
        return new HealthProbeRequest(new Uri(baseAddress + active?.Path + active?.Query))
        {
            Version = cluster.Config.HttpRequest?.Version ?? HttpVersion.Version20,
            VersionPolicy = cluster.Config.HttpRequest?.VersionPolicy ?? HttpVersionPolicy.RequestVersionOrLower,
        };
    }
}
