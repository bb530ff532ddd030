using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>Runs every scenario of the options with every variant, one after the other, reporting progress as it goes.</summary>
public static class FleetBenchmark
{
    public static FleetResult Run(FleetOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var runs = new List<FleetRun>();
        foreach (var scenario in options.Scenarios)
        {
            foreach (var variant in options.Variants)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var run = FleetSimulation.Run(scenario, variant);
                runs.Add(run);
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{scenario.Name} / {variant.Name}: admitted ≤ {run.Accuracy.MaxAdmittedOverBudget:0.00} B, {run.Accuracy.WindowsOverBound} of {run.Accuracy.Windows:N0} windows over the bound; hottest partition {run.Storage.PartitionEntitiesMax:N0} entities/s, account {run.Storage.AccountTransactionsMax:N0} tx/s, {run.Storage.Throttled:N0} throttled; {run.FailedRounds:N0} of {run.Rounds:N0} rounds failed; {run.Elapsed.TotalSeconds:0.0} s."));
            }
        }

        return new FleetResult(options, runs);
    }
}
