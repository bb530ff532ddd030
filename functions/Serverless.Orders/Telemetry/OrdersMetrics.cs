using System.Diagnostics.Metrics;
using Serverless.Orders.Model;

namespace Serverless.Orders.Telemetry;

/// <summary>
/// The saga's instruments, on the <see cref="MeterName"/> meter: outcomes and durations, and failed attempts per step.
/// The names are the ones the deployment's workbook charts.
/// </summary>
public sealed class OrdersMetrics
{
    public const string MeterName = "Serverless.Orders";

    public OrdersMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        Outcomes = meter.CreateCounter<long>("orders.saga.outcomes", "{saga}", "Sagas that reached Completed, Cancelled or NeedsAttention, tagged by status.");
        Duration = meter.CreateHistogram<double>("orders.saga.duration", "s", "Time from POST /orders to Completed, Cancelled or NeedsAttention.");
        StepFailures = meter.CreateCounter<long>("orders.step.failures", "{attempt}", "Failed attempts of saga steps and compensations, tagged by step.");
    }

    public Counter<long> Outcomes { get; }

    public Histogram<double> Duration { get; }

    public Counter<long> StepFailures { get; }

    public void Finished(OrderStatus status, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("status", status.ToString());
        Outcomes.Add(1, tag);
        Duration.Record(duration.TotalSeconds, tag);
    }

    public void StepFailed(string step) => StepFailures.Add(1, new KeyValuePair<string, object?>("step", step));
}
