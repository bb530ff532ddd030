namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// <c>saga</c> mode of the benchmark program: the order saga end to end on Azurite, on the Durable engine and, with
/// <c>--baseline</c>, on the engine it replaced, in turn on the same machine. Reports completed sagas per second and
/// the time from <c>POST /orders</c> to a terminal status, under a fixed number of orders in flight. Nothing is
/// asserted about timings; the exit code is 1 when an order was refused, did not end in time or did not complete, or
/// when the participants' ledgers disagree with the orders' outcomes, on either engine.
/// </summary>
public static class SagaBenchmark
{
    /// <summary>Runs the replaced engine's benchmark when <see cref="SagaBenchmarkOptions.Baseline"/> names one, then the Durable engine's.</summary>
    public static async Task<SagaBenchmarkResult> RunAsync(SagaBenchmarkOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var date = DateTimeOffset.UtcNow;
        var baseline = options.Baseline is { } assembly ? await SagaBaselineRun.RunAsync(assembly, options, progress, cancellationToken) : null;
        var durable = await DurableSagaRun.RunAsync(options, progress, cancellationToken);
        return new SagaBenchmarkResult(options, date, durable, baseline);
    }
}
