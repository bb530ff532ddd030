using BenchmarkDotNet.Running;
using Serverless.Gateway.Benchmarks;
using Serverless.Gateway.Benchmarks.Distributed;
using Serverless.Gateway.Benchmarks.Load;
using Serverless.Gateway.Benchmarks.Micro;
using Serverless.Gateway.Benchmarks.Saga;
using Serverless.Gateway.Benchmarks.Servers;
using Serverless.Gateway.Benchmarks.Startup;
using Serverless.Gateway.Benchmarks.Suite;

// `all` is benchmarks/run.sh: every benchmark, written to benchmarks/RESULTS.md. `load`, `distributed`, `startup` and
// `saga` run one benchmark and print its section; `serve ...` is one of the load benchmark's own server processes;
// anything else goes to BenchmarkDotNet.
switch (args)
{
    case ["serve", .. var serveArgs]:
        return await ServeCommand.RunAsync(serveArgs);
    case ["all", .. var suiteArgs]:
        return await SuiteCommand.RunAsync(suiteArgs);
    case ["load", .. var loadArgs]:
        return await LoadCommand.RunAsync(loadArgs);
    case ["distributed", .. var distributedArgs]:
        return await DistributedLimitCommand.RunAsync(distributedArgs);
    case ["startup", .. var startupArgs]:
        return await StartupCommand.RunAsync(startupArgs);
    case ["saga", .. var sagaArgs]:
        return await SagaBenchmark.RunAsync(sagaArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(HotPathConfig).Assembly).Run(args, new HotPathConfig());

// Azurite is a child process; without this it would outlive the benchmark run.
await BenchmarkStorage.StopAsync();
return 0;
