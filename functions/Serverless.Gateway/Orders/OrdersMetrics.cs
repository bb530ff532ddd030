using System.Diagnostics.Metrics;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Orders;

/// <summary>Saga instruments on the gateway's meter: outcomes and durations, and failed attempts per step.</summary>
public sealed class OrdersMetrics
{
    public OrdersMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        Outcomes = meter.CreateCounter<long>("orders.saga.outcomes", "{saga}", "Sagas that reached Completed, Cancelled or NeedsAttention, tagged by status.");
        Duration = meter.CreateHistogram<double>("orders.saga.duration", "s", "Time from POST /orders to Completed, Cancelled or NeedsAttention.");
        StepFailures = meter.CreateCounter<long>("orders.step.failures", "{attempt}", "Failed attempts of saga steps and compensations, tagged by step.");
    }

    public Counter<long> Outcomes { get; }

    public Histogram<double> Duration { get; }

    public Counter<long> StepFailures { get; }

    public void Finished(OrderSagaState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var tag = new KeyValuePair<string, object?>("status", state.Status.ToString());
        Outcomes.Add(1, tag);
        Duration.Record((now - state.CreatedAt).TotalSeconds, tag);
    }
}
