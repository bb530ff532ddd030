using System.CommandLine;
using Serverless.Gateway.Benchmarks.Distributed;
using Serverless.Gateway.Benchmarks.Fleet;
using Serverless.Gateway.Benchmarks.Load;
using Serverless.Gateway.Benchmarks.Micro;
using Serverless.Gateway.Benchmarks.Profile;
using Serverless.Gateway.Benchmarks.Saga;
using Serverless.Gateway.Benchmarks.Servers;
using Serverless.Gateway.Benchmarks.Startup;
using Serverless.Gateway.Benchmarks.Suite;

namespace Serverless.Gateway.Benchmarks;

/// <summary>The benchmark program's command tree: one command per mode.</summary>
public static class BenchmarkCommandLine
{
    private const string Description =
        "The gateway's benchmarks (benchmarks/run.sh runs `all`). Each mode runs alone and prints its section of RESULTS.md.\n" +
        "Without a mode, BenchmarkDotNet options such as --filter '*' run the hot-path micro-benchmarks, as `micro` does.";

    public static RootCommand CreateRoot()
    {
        var root = new RootCommand(Description)
        {
            SuiteCommand.Create(),
            LoadCommand.Create(),
            ProfileCommand.Create(),
            DistributedLimitCommand.Create(),
            FleetCommand.Create(),
            StartupCommand.Create(),
            SagaCommand.Create(),
            MicroCommand.Create(),
            ServeCommand.Create(),
        };

        // As before there were modes, BenchmarkDotNet's options alone run the micro-benchmarks; a word that is no mode is a mistake.
        var options = MicroCommand.PassThrough();
        options.Hidden = true;
        root.Arguments.Add(options);
        root.Validators.Add(result =>
        {
            if (result.GetValue(options) is [var first, ..] && first.Length > 0 && first[0] != '-')
            {
                result.AddError($"'{first}' is not a mode (the modes are {string.Join(", ", root.Subcommands.Select(static c => c.Name))}).");
            }
        });
        root.SetAction((result, _) => MicroCommand.RunAsync(result.GetValue(options) ?? []));
        return root;
    }
}
