namespace Serverless.Gateway.Benchmarks.Profile;

/// <summary>A frame of the request path, shortened to <c>Type.Method</c>, and the CPU time per request spent in it and in what it called.</summary>
public sealed record FrameCost(string Frame, double Microseconds);
