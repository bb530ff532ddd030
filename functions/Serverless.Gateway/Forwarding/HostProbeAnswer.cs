namespace Serverless.Gateway.Forwarding;

/// <summary>The body of <c>GET /</c>, which the Functions host probes until the app answers.</summary>
internal sealed record HostProbeAnswer(string Status)
{
    public static readonly HostProbeAnswer Ok = new("ok");
}
