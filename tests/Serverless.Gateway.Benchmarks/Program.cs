using BenchmarkDotNet.Running;
using Serverless.Gateway.Benchmarks;
using Serverless.Gateway.Benchmarks.Saga;
using Serverless.Gateway.Benchmarks.Servers;

// `saga [options]` runs the order saga end to end (see Saga/SagaBenchmark.cs); `serve ...` is one of the load
// benchmark's own server processes; anything else goes to BenchmarkDotNet.
switch (args)
{
    case ["serve", .. var serveArgs]:
        return await ServeCommand.RunAsync(serveArgs);
    case ["distributed", .. var distributedArgs]:
        return await Serverless.Gateway.Benchmarks.Distributed.DistributedLimitCommand.RunAsync(distributedArgs);
    case ["startup", .. var startupArgs]:
        return await Serverless.Gateway.Benchmarks.Startup.StartupCommand.RunAsync(startupArgs);
    case ["saga", .. var sagaArgs]:
        try
        {
            return await SagaBenchmark.RunAsync(sagaArgs);
        }
        finally
        {
            await BenchmarkStorage.StopAsync();
        }
}

BenchmarkSwitcher.FromAssembly(typeof(HotPathConfig).Assembly).Run(args, new HotPathConfig());

// Azurite is a child process; without this it would outlive the benchmark run.
await BenchmarkStorage.StopAsync();
return 0;
