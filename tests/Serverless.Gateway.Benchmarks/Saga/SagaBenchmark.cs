using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// <c>saga</c> mode of the benchmark program: the order saga end to end on Azurite. Reports completed sagas per second
/// and the time from <c>POST /orders</c> to a terminal status, under a fixed number of orders in flight. Nothing is
/// asserted about timings; the exit code is 1 when an order was refused, did not end in time or did not complete, or
/// when the participants' ledgers disagree with the orders' outcomes.
/// </summary>
public static class SagaBenchmark
{
    public static Task<int> RunAsync(IReadOnlyList<string> args) => BenchmarkCommand.RunAsync(
        () => SagaBenchmarkOptions.Parse(args),
        (options, cancellationToken) => RunAsync(options, Console.Out, cancellationToken));

    /// <summary>Runs the benchmark and writes its report to <paramref name="output"/>; 0 when every order completed and the ledgers agree.</summary>
    public static async Task<int> RunAsync(SagaBenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(Invariant(
            $"Saga benchmark: {options.Orders} orders, {options.Concurrency} in flight, status read every {options.PollInterval.TotalMilliseconds:0} ms, after {options.Warmup} warm-up orders."));
        output.WriteLine(Invariant(
            $"Azurite in memory; gateway (saga defaults), demo participants (no faults) and client in this process; .NET {Environment.Version}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}."));

        // Ample stock: running out would cancel orders and measure compensation instead.
        var stock = checked((options.Warmup + options.Orders) * 10);
        await using var environment = await SagaEnvironment.StartAsync(SagaOrderClient.Sku, stock, options.GatewayLogs, cancellationToken);
        using var client = new SagaOrderClient(environment.GatewayAddress, environment.Key);

        var warmup = await SagaLoad.RunAsync(client, options.Warmup, options.Concurrency, options.PollInterval, options.OrderTimeout, cancellationToken);
        output.WriteLine(Invariant($"Warm-up: {warmup.Completed} of {warmup.Orders.Count} completed in {warmup.WallTime.TotalSeconds:0.0} s."));
        if (warmup.Completed != warmup.Orders.Count)
        {
            output.WriteLine("The warm-up orders did not all complete; not measuring.");
            PrintFailures(output, warmup);
            return 1;
        }

        var run = await SagaLoad.RunAsync(client, options.Orders, options.Concurrency, options.PollInterval, options.OrderTimeout, cancellationToken);
        SagaReport.Print(output, options, run);
        PrintFailures(output, run);

        var ledger = await SagaLedgerCheck.ReadAsync(environment, cancellationToken);
        var discrepancies = ledger.Discrepancies(warmup.Completed + run.Completed);
        output.WriteLine(discrepancies.Count == 0
            ? Invariant($"Participants' ledgers agree: {ledger.HeldReservations} reservations held, {ledger.SucceededCharges} charges, {ledger.CreatedShipments} shipments, nothing refunded or released.")
            : $"Participants' ledgers disagree with the orders: {string.Join("; ", discrepancies)}.");

        return run.NotTerminal == 0 && run.EndedOtherwise == 0 && discrepancies.Count == 0 ? 0 : 1;
    }

    private static void PrintFailures(TextWriter output, SagaLoadResult run)
    {
        var failures = run.Orders.Where(static order => !order.IsCompleted).ToArray();
        foreach (var order in failures.Take(10))
        {
            output.WriteLine(order.Error is { } error
                ? $"  order {order.Id ?? "(not accepted)"}: {error}"
                : $"  order {order.Id}: ended {order.Last?.Status}{(order.Last?.Reason is { } reason ? $" ({reason})" : "")}");
        }

        if (failures.Length > 10)
        {
            output.WriteLine(Invariant($"  ... and {failures.Length - 10} more."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
