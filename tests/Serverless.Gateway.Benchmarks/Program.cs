using Serverless.Gateway.Benchmarks;

// `all` is benchmarks/run.sh: every benchmark, written to benchmarks/RESULTS.md. `load`, `profile`, `distributed`, `fleet`,
// `startup`, `saga` and `micro` run one benchmark and print its section; `serve ...` is one of the benchmarks' own server processes.
return await BenchmarkCommand.InvokeAsync(BenchmarkCommandLine.CreateRoot(), args);
