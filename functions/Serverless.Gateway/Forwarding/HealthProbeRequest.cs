namespace Serverless.Gateway.Forwarding;

/// <summary>
/// An active health probe, built by <see cref="HealthProbeRequestFactory"/>. Its type is the mark
/// <see cref="RetryHandler"/> looks for: unlike an entry in <see cref="HttpRequestMessage.Options"/>, checking it
/// costs the proxied requests nothing (reading <c>Options</c> creates its dictionary).
/// </summary>
public sealed class HealthProbeRequest(Uri address) : HttpRequestMessage(HttpMethod.Get, address);
