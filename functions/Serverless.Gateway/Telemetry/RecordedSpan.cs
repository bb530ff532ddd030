using System.Diagnostics;

namespace Serverless.Gateway.Telemetry;

/// <summary>
/// The current span when it is being recorded. A trace the sampler did not keep still gets an activity, to carry its
/// context to the backend; a tag set on it costs an allocation on every request and is never exported.
/// </summary>
public static class RecordedSpan
{
    public static Activity? Current => Activity.Current is { IsAllDataRequested: true } activity ? activity : null;
}
