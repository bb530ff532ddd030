namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>What the start-up benchmark measures; the defaults are the full run, <c>--repeats 1</c> makes a quick one.</summary>
public sealed record StartupOptions
{
    /// <summary>Starts of each variant; the variants take turns, so that noise from other work spreads over all of them.</summary>
    public int Repeats { get; init; } = 7;

    /// <summary>How often the port and then the route are tried.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Whether to publish the gateway with ReadyToRun (about a minute) and measure that build too.</summary>
    public bool ReadyToRun { get; init; } = true;

    /// <summary>
    /// Whether to publish and measure a self-contained build with one composite ReadyToRun image of the app and the
    /// framework, which can also hold the generic code across assemblies that the framework-dependent build compiles at
    /// run time. Off by default: the publish takes several minutes and 150 MB.
    /// </summary>
    public bool Composite { get; init; }

    /// <summary>Whether to measure the bare YARP proxy for reference.</summary>
    public bool BareYarp { get; init; } = true;

    /// <summary>Whether to measure the variants that explain where the time goes (see <see cref="StartupTargets"/>).</summary>
    public bool Experiments { get; init; } = true;

    /// <summary>How long one start may take before the run fails.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
