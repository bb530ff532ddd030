namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>A process to start and the route whose first 200 ends the measurement.</summary>
/// <param name="Variant">What runs: the build and any setting that differs.</param>
/// <param name="Route">What the route does before proxying.</param>
/// <param name="Path">The path requested.</param>
/// <param name="Headers">Headers sent with it (the API key).</param>
/// <param name="Start">Starts the process listening on the given address.</param>
/// <param name="Experiment">Why this variant is measured, if it is an experiment rather than a way to run the gateway.</param>
/// <param name="Baseline">The route of the JIT gateway an experiment compares with, if not its own.</param>
public sealed record StartupTarget(
    string Variant,
    string Route,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    Func<Uri, Processes.BenchProcess> Start,
    string? Experiment = null,
    string? Baseline = null);
