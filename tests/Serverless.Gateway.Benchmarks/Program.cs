using BenchmarkDotNet.Running;
using Serverless.Gateway.Benchmarks;
using Serverless.Gateway.Benchmarks.Saga;

// `saga [options]` runs the order saga end to end (see Saga/SagaBenchmark.cs); anything else goes to BenchmarkDotNet.
if (args is ["saga", .. var sagaArgs])
{
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
