using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>
/// In-process (the benchmarks need a running Azurite and primed caches), with allocations reported: the hot-path
/// targets are "under a microsecond and nothing allocated per request".
/// </summary>
public sealed class HotPathConfig : ManualConfig
{
    public const int WarmupCount = 3;
    public const int IterationCount = 10;

    public HotPathConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(WarmupCount).WithIterationCount(IterationCount));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddLogger(DefaultConfig.Instance.GetLoggers().ToArray());
        AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray());
        AddExporter(DefaultConfig.Instance.GetExporters().ToArray());
    }
}
