using System.CommandLine;
using Serverless.Gateway.Benchmarks.Distributed;
using Serverless.Gateway.Benchmarks.Fleet;
using Serverless.Gateway.Benchmarks.Load;
using Serverless.Gateway.Benchmarks.Processes;
using Serverless.Gateway.Benchmarks.Profile;
using Serverless.Gateway.Benchmarks.Servers;
using Serverless.Gateway.Benchmarks.Startup;
using Serverless.LocalRun.Azurite;

namespace Serverless.Gateway.Benchmarks.Tests;

/// <summary>The benchmark program's command line: the real process for help and usage errors, the parsers of each mode in process.</summary>
[Trait("Category", "Integration")]
public sealed class BenchmarkCommandLineTests
{
    private static readonly string[] Modes = ["all", "load", "profile", "distributed", "fleet", "startup", "saga", "micro", "serve"];

    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Commands())
        {
            data.Add(path);
        }

        return data;
    }

    [Fact]
    public async Task Help_lists_every_mode()
    {
        var (exitCode, output) = await RunAsync("--help");

        Assert.True(exitCode == 0, output);
        foreach (var mode in Modes)
        {
            Assert.Matches($"(?m)^  {mode} ", output);
        }
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Every_command_answers_help_with_exit_code_0_and_its_usage(string path)
    {
        var (exitCode, output) = await RunAsync([.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"Serverless.Gateway.Benchmarks {path}".TrimEnd(), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_mode_fails_with_exit_code_2_naming_it_and_the_modes()
    {
        var (exitCode, output) = await RunAsync("lod", "--quick");

        Assert.Equal(2, exitCode);
        Assert.Contains("'lod' is not a mode", output, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", Modes), output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("load --rounds 0", "--rounds needs a whole number greater than zero, not '0'")]
    [InlineData("load --connections 8,many", "--connections needs a whole number greater than zero, not 'many'")]
    [InlineData("startup --repeat 3", "'--repeat'")]
    [InlineData("distributed --burst 100", "--burst must be at least --limit")]
    [InlineData("fleet --scenario 7x7", "--scenario '7x7' matches no scenario")]
    public async Task A_wrong_option_fails_with_exit_code_2_before_anything_runs(string command, string message)
    {
        var (exitCode, output) = await RunAsync(command.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_mode_option_and_argument_has_a_one_line_description()
    {
        foreach (var (path, command) in Commands().Where(static pair => pair.Path.Length > 0))
        {
            Assert.True(IsOneLine(command.Description), $"'{path}' has no one-line description.");
            Assert.All(command.Options, option => Assert.True(IsOneLine(option.Description), $"Option {option.Name} of '{path}' has no one-line description."));
            Assert.All(command.Arguments, argument => Assert.True(IsOneLine(argument.Description), $"Argument {argument.Name} of '{path}' has no one-line description."));
        }
    }

    [Fact]
    public void Load_reads_its_options_and_keeps_the_defaults_of_those_not_given()
    {
        var options = LoadCommand.Parse(["--connections", "8,32", "--duration-s", "2"]);

        Assert.Equal(new[] { 8, 32 }, options.Connections);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Duration);
        Assert.Equal(new LoadOptions().Rounds, options.Rounds);
        Assert.Equal(new LoadOptions().MaxWarmup, options.MaxWarmup);
        Assert.Equal(new LoadOptions().Connections, LoadCommand.Parse([]).Connections);
    }

    [Fact]
    public void Profile_reads_its_options_and_keeps_the_defaults_of_those_not_given()
    {
        var options = ProfileCommand.Parse(["--recording-s", "4", "--top", "5"]);

        Assert.Equal(TimeSpan.FromSeconds(4), options.Recording);
        Assert.Equal(5, options.TopFrames);
        Assert.Equal(new ProfileOptions() with { Recording = TimeSpan.FromSeconds(4), TopFrames = 5 }, options);
        Assert.Equal(new ProfileOptions(), ProfileCommand.Parse([]));
        Assert.Throws<ArgumentException>(() => ProfileCommand.Parse(["--connections", "0"]));
    }

    [Fact]
    public void Distributed_reads_none_as_no_burst_and_decimal_load_factors()
    {
        var options = DistributedLimitCommand.Parse(["--burst", "none", "--loads", "3,0.5", "--warmup", "0"]);

        Assert.Null(options.Burst);
        Assert.Equal(new[] { 3, 0.5 }, options.LoadFactors);
        Assert.Equal(0, options.WarmupWindows);
        Assert.Equal(300, DistributedLimitCommand.Parse([]).Burst);
        Assert.Throws<ArgumentException>(() => DistributedLimitCommand.Parse(["--limit", "400"]));
    }

    [Fact]
    public void Fleet_runs_the_full_matrix_by_default_and_the_quick_form_or_the_named_scenarios_when_asked()
    {
        Assert.Equal(FleetScenarios.Full, FleetCommand.Parse([]).Scenarios);
        Assert.True(FleetCommand.Parse(["--quick"]).IsQuick);
        Assert.Equal(["1,000 × 1 key, bursty", "1,000 × 100 keys, steady"], FleetCommand.Parse(["--scenario", "1,000 ×"]).Scenarios.Select(static scenario => scenario.Name));
        Assert.Throws<ArgumentException>(() => FleetCommand.Parse(["--scenario", "7x7"]));
    }

    [Fact]
    public void Startup_turns_its_flags_into_the_parts_it_skips_or_adds()
    {
        var options = StartupCommand.Parse(["--repeats", "1", "--no-ready-to-run", "--composite", "--no-yarp", "--no-experiments"]);

        Assert.Equal((1, false, true, false, false), (options.Repeats, options.ReadyToRun, options.Composite, options.BareYarp, options.Experiments));
        Assert.Equal(new StartupOptions(), StartupCommand.Parse([]));
    }

    [Fact]
    public async Task Serve_runs_the_backend_and_a_bare_yarp_proxy_in_front_of_it_as_the_load_benchmark_starts_them()
    {
        const string route = "/bench/products/42";
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var (backend, backendAddress) = await ServeCommand.StartAsync("backend", route, ["backend", "{port}"], deadline.Token);
        await using (backend)
        {
            var (yarp, _) = await ServeCommand.StartBareYarpAsync(route, backendAddress, new Dictionary<string, string>(), deadline.Token);
            await yarp.DisposeAsync();
        }
    }

    private static bool IsOneLine(string? description) => !string.IsNullOrWhiteSpace(description) && !description.Contains('\n', StringComparison.Ordinal);

    private static IEnumerable<(string Path, Command Command)> Commands() => Walk(string.Empty, BenchmarkCommandLine.CreateRoot());

    private static IEnumerable<(string Path, Command Command)> Walk(string path, Command command)
    {
        yield return (path, command);
        foreach (var subcommand in command.Subcommands)
        {
            foreach (var pair in Walk($"{path} {subcommand.Name}".TrimStart(), subcommand))
            {
                yield return pair;
            }
        }
    }

    /// <summary>The benchmark program from its own build output, as <see cref="BenchmarkSuiteTests"/> runs it.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var assembly = Path.Combine(RepositoryRoot.Find(), "tests", "Serverless.Gateway.Benchmarks", "bin", configuration, "net10.0", "Serverless.Gateway.Benchmarks.dll");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var process = BenchProcess.Start("benchmark program", "dotnet", [assembly, .. args], workingDirectory: Path.GetTempPath());
        var exitCode = await process.WaitForExitAsync(deadline.Token);
        return (exitCode, process.Output);
    }
}
