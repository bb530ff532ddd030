using Serverless.Gateway.Benchmarks.Distributed;
using Serverless.Gateway.Benchmarks.Fleet;
using Serverless.Gateway.Benchmarks.Load;
using Serverless.Gateway.Benchmarks.Profile;
using Serverless.Gateway.Benchmarks.Saga;
using Serverless.Gateway.Benchmarks.Startup;

namespace Serverless.Gateway.Benchmarks.Suite;

/// <summary>
/// <c>all [--output benchmarks] [--quick] [--saga-baseline &lt;dll&gt;]</c>. <c>--quick</c> runs every part briefly and skips BenchmarkDotNet, to
/// check the command end to end in minutes; its figures mean little and RESULTS.md says it was a quick run.
/// </summary>
public sealed record SuiteOptions
{
    /// <summary>Where RESULTS.md and results.svg are written. Default: the repository's benchmarks folder.</summary>
    public required string Output { get; init; }

    public bool Quick { get; init; }

    public LoadOptions Load => Quick
        ? new LoadOptions { Connections = [8, 32], Duration = TimeSpan.FromSeconds(1), Rounds = 1, Warmup = TimeSpan.FromSeconds(1), MaxWarmup = TimeSpan.FromSeconds(3) }
        : new LoadOptions();

    /// <summary>The CPU profile (perf); the full run only, a quick run skips it.</summary>
    public ProfileOptions Profile { get; } = new();

    public DistributedLimitOptions Distributed => Quick
        ? new DistributedLimitOptions { Windows = 3, LoadFactors = [3], WarmupWindows = 1 }
        : new DistributedLimitOptions();

    /// <summary>The whole scenario matrix (a few minutes), or its short form.</summary>
    public FleetOptions Fleet => Quick ? FleetOptions.Quick : FleetOptions.Full;

    /// <summary>The full run also measures a self-contained composite ReadyToRun build (its publish takes minutes).</summary>
    public StartupOptions Startup => Quick
        ? new StartupOptions { Repeats = 1, ReadyToRun = false, Experiments = false }
        : new StartupOptions { Composite = true };

    /// <summary>The benchmark program of an earlier commit that measures the saga engine the Durable one replaced (<c>--saga-baseline</c>). Default: none.</summary>
    public string? SagaBaseline { get; init; }

    public SagaBenchmarkOptions Saga => (Quick ? new SagaBenchmarkOptions { Orders = 10, Warmup = 2, Concurrency = 4 } : new SagaBenchmarkOptions()) with { Baseline = SagaBaseline };
}
