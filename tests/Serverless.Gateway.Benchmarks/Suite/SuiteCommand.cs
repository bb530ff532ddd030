using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Serverless.Gateway.Benchmarks.Distributed;
using Serverless.Gateway.Benchmarks.Fleet;
using Serverless.Gateway.Benchmarks.Load;
using Serverless.Gateway.Benchmarks.Micro;
using Serverless.Gateway.Benchmarks.Profile;
using Serverless.Gateway.Benchmarks.Reporting;
using Serverless.Gateway.Benchmarks.Saga;
using Serverless.Gateway.Benchmarks.Startup;
using Serverless.LocalRun.Azurite;
using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Suite;

/// <summary>
/// <c>all</c>: every benchmark in one run on one machine, written to RESULTS.md with a chart. This is what
/// benchmarks/run.sh runs; the file says when, where and how it was measured, and which targets were met.
/// </summary>
public static class SuiteCommand
{
    public static Command Create()
    {
        var command = Define(out var bind);
        command.SetAction((result, _) =>
        {
            var root = RepositoryRoot.Find();
            return BenchmarkCommand.RunAsync(bind(result, root), (options, cancellationToken) => RunAsync(options, root, cancellationToken));
        });
        return command;
    }

    /// <param name="repositoryRoot">Where the default output, its benchmarks folder, is.</param>
    /// <exception cref="ArgumentException">The arguments are not valid options of <c>all</c>.</exception>
    public static SuiteOptions Parse(IReadOnlyList<string> args, string repositoryRoot) =>
        BenchmarkCommand.Parse(Define(out var bind), result => bind(result, repositoryRoot), args);

    private static Command Define(out Func<ParseResult, string, SuiteOptions> bind)
    {
        var output = ModeOptions.Path("--output", "Where RESULTS.md and results.svg are written; default: the repository's benchmarks folder.", "directory");
        var quick = new Option<bool>("--quick") { Description = "Run every part briefly and skip BenchmarkDotNet: minutes instead of about 20; the figures mean little." };
        var sagaBaseline = ModeOptions.Path(
            "--saga-baseline", "The Serverless.Gateway.Benchmarks.dll of an earlier commit, to measure the saga engine the Durable one replaced as well.", "dll");
        bind = (result, root) => new SuiteOptions
        {
            Output = result.GetValue(output) ?? Path.Combine(root, "benchmarks"),
            Quick = result.GetValue(quick),
            SagaBaseline = result.GetValue(sagaBaseline),
        };
        return new Command("all", "Every benchmark in one run, written to RESULTS.md with a chart (what benchmarks/run.sh runs).") { output, quick, sagaBaseline };
    }

    private static async Task<int> RunAsync(SuiteOptions options, string root, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var machine = await MachineDescription.ReadAsync(root, cancellationToken);
        var storage = await BenchmarkStorage.ConnectionStringAsync();
        var sections = new List<string>();

        Console.WriteLine("== Load: direct, gateway (policies on / off), bare YARP, nginx");
        var load = await LoadBenchmark.RunAsync(options.Load, storage, Console.Out, cancellationToken);
        sections.Add(Section(load.WriteMarkdown));

        if (!options.Quick)
        {
            Console.WriteLine("== Profile (perf): where the CPU of a proxied request goes, bare YARP and the gateway");
            sections.Add(Section((await ProfileBenchmark.RunAsync(options.Profile, Console.Out, cancellationToken)).WriteMarkdown));
        }

        Console.WriteLine("== Distributed rate limiting: 4 gateway processes, one key, 3x and 6x overload");
        var distributed = await DistributedLimitBenchmark.RunAsync(options.Distributed, cancellationToken);
        sections.Add(Section(distributed.WriteMarkdown));

        Console.WriteLine("== Fleet simulation: the rate limiter on 4 to 1,000 simulated instances against a model of Table Storage");
        sections.Add(Section(FleetBenchmark.Run(options.Fleet, Console.Out, cancellationToken).WriteMarkdown));

        Console.WriteLine("== Start-up: process start to the first proxied 200");
        sections.Add(Section((await StartupBenchmark.RunAsync(options.Startup, cancellationToken)).WriteMarkdown));

        Console.WriteLine(options.Saga.Baseline is null ? "== Order saga: the Durable engine" : "== Order saga: the replaced engine, then the Durable engine");
        var saga = await SagaBenchmark.RunAsync(options.Saga, Console.Out, cancellationToken);
        var sagaSection = Section(saga.WriteMarkdown);
        Console.Write(sagaSection);
        sections.Add(sagaSection);

        if (!options.Quick)
        {
            Console.WriteLine("== Hot path (BenchmarkDotNet)");
            sections.Add(Section(MicroBenchmarks.Run().WriteMarkdown));
        }

        Directory.CreateDirectory(options.Output);
        var elapsed = started.Elapsed;
        var report = new StringBuilder();
        using (var writer = new StringWriter(report))
        {
            writer.WriteLine("# Benchmark results");
            writer.WriteLine();
            writer.WriteLine("Written by `benchmarks/run.sh` (see benchmarks/README.md's Benchmarks section); every figure below comes from one run of it. Do not edit by hand.");
            writer.WriteLine();
            machine.WriteMarkdown(writer);
            writer.WriteLine(Invariant($"The whole run took {elapsed.TotalMinutes:0.0} min.{(options.Quick ? " **Quick run** (`--quick`): short runs, no BenchmarkDotNet; the figures are only a smoke test." : string.Empty)}"));
            writer.WriteLine();
            writer.WriteLine("![Load benchmark: throughput ratio, p99 and CPU per request](results.svg)");
            writer.WriteLine();
            foreach (var section in sections)
            {
                writer.Write(section);
            }
        }

        await File.WriteAllTextAsync(Path.Combine(options.Output, "RESULTS.md"), report.ToString(), cancellationToken);
        await File.WriteAllTextAsync(
            Path.Combine(options.Output, "results.svg"),
            LoadChart.Render(load, Invariant($"{machine.Cpu}, {machine.Cores} cores, {machine.Date:yyyy-MM-dd}; wrk {options.Load.Duration.TotalSeconds:0} s × {options.Load.Rounds} rounds, medians")),
            cancellationToken);
        Console.WriteLine($"Wrote {Path.Combine(options.Output, "RESULTS.md")} and results.svg in {elapsed.TotalMinutes:0.0} min.");
        // Missed targets are findings, written down above; a run whose figures cannot be trusted fails.
        return saga.Succeeded && distributed.Consistent ? 0 : 1;
    }

    private static string Section(Action<TextWriter> write)
    {
        using var writer = new StringWriter();
        write(writer);
        return writer.ToString();
    }
}
