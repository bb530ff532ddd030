using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Benchmarks.Processes;
using Serverless.Gateway.Benchmarks.Reporting;
using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// The saga on the Durable engine, end to end through real processes: orders placed through the gateway with an API
/// key, run by the orders service as Durable orchestrations on Azurite, against the demo participants.
/// </summary>
public static class DurableSagaRun
{
    public const string Engine = "Durable orchestration (orders service)";

    public static async Task<SagaEngineResult> RunAsync(SagaBenchmarkOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var commit = await GitCommit.DescribeAsync(RepositoryRoot.Find(), cancellationToken);
        var loadBefore = MachineLoad.OneMinuteAverage();
        progress.WriteLine("Starting the demo participants, the gateway and the orders service on loopback...");

        // Ample stock: running out would cancel orders and measure compensation instead.
        var stock = checked((options.Warmup + options.Orders) * 10);
        await using var environment = await SagaEnvironment.StartAsync(SagaOrderClient.Sku, stock, options.MaxQueuePollingInterval, cancellationToken);
        using var client = new SagaOrderClient(environment.Gateway.Address, environment.Key);
        var report = new StringWriter();
        report.WriteLine(Invariant(
            $"Saga benchmark: {options.Orders} orders, {options.Concurrency} in flight, status read every {options.PollInterval.TotalMilliseconds:0} ms, after {options.Warmup} warm-up orders."));
        report.WriteLine(Invariant(
            $"Azurite in memory; gateway, orders service (task hub {environment.TaskHub}, MaxQueuePollingInterval {options.MaxQueuePollingInterval.TotalMilliseconds:0} ms, saga defaults) and demo participants (no faults) each a process; client in the benchmark process; .NET {Environment.Version}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}."));

        progress.WriteLine(Invariant($"Warming up with {options.Warmup} orders..."));
        var warmup = await SagaLoad.RunAsync(client, options.Warmup, options.Concurrency, options.PollInterval, options.OrderTimeout, cancellationToken);
        report.WriteLine(Invariant($"Warm-up: {warmup.Completed} of {warmup.Orders.Count} completed in {warmup.WallTime.TotalSeconds:0.0} s."));
        if (warmup.Completed != warmup.Orders.Count)
        {
            report.WriteLine("The warm-up orders did not all complete; not measuring.");
            SagaReport.PrintFailures(report, warmup);
            return new SagaEngineResult(Engine, commit, report.ToString(), 1, loadBefore, MachineLoad.OneMinuteAverage());
        }

        progress.WriteLine(Invariant($"Measuring {options.Orders} orders, {options.Concurrency} in flight..."));
        var (ordersCpu, gatewayCpu) = (environment.Orders.Process.CpuTime(), environment.Gateway.Process.CpuTime());
        var run = await SagaLoad.RunAsync(client, options.Orders, options.Concurrency, options.PollInterval, options.OrderTimeout, cancellationToken);
        (ordersCpu, gatewayCpu) = (environment.Orders.Process.CpuTime() - ordersCpu, environment.Gateway.Process.CpuTime() - gatewayCpu);
        var loadAfter = MachineLoad.OneMinuteAverage();
        SagaReport.Print(report, options, run);
        SagaReport.PrintFailures(report, run);
        report.WriteLine(Invariant(
            $"CPU time (user + system) over the measured run: orders service {ordersCpu.TotalSeconds:0.0} s, {PerSaga(ordersCpu, run)}; gateway {gatewayCpu.TotalSeconds:0.0} s, {PerSaga(gatewayCpu, run)}."));

        var ledger = await SagaLedgerCheck.ReadAsync(environment, cancellationToken);
        var discrepancies = ledger.Discrepancies(warmup.Completed + run.Completed);
        report.WriteLine(discrepancies.Count == 0
            ? Invariant($"{SagaFigures.LedgersAgreeLine} {ledger.HeldReservations} reservations held, {ledger.SucceededCharges} charges, {ledger.CreatedShipments} shipments, nothing refunded or released.")
            : $"Participants' ledgers disagree with the orders: {string.Join("; ", discrepancies)}.");

        var exitCode = run.NotTerminal == 0 && run.EndedOtherwise == 0 && discrepancies.Count == 0 ? 0 : 1;
        return new SagaEngineResult(Engine, commit, report.ToString(), exitCode, loadBefore, loadAfter);
    }

    private static string PerSaga(TimeSpan cpu, SagaLoadResult run) =>
        run.Completed == 0 ? "no saga completed" : Invariant($"{cpu.TotalMilliseconds / run.Completed:0} ms per completed saga");
}
