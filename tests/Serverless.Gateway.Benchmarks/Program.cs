using BenchmarkDotNet.Running;
using Serverless.Gateway.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(HotPathConfig).Assembly).Run(args, new HotPathConfig());

// Azurite is a child process; without this it would outlive the benchmark run.
await BenchmarkStorage.StopAsync();
