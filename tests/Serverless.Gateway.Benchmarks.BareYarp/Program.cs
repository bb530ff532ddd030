using System.Globalization;
using Serverless.Gateway.Benchmarks.BareYarp;

// <port> <backend-url>: the benchmarks start it so, built beside the benchmark program or published ReadyToRun.
if (args is not [var port, var backend])
{
    await Console.Error.WriteLineAsync("usage: Serverless.Gateway.Benchmarks.BareYarp <port> <backend-url>");
    return 2;
}

await BareYarpProxy.RunAsync(int.Parse(port, CultureInfo.InvariantCulture), new Uri(backend));
return 0;
