using System.Collections.Concurrent;
using Serverless.Orders.Events;

namespace Serverless.Orders.Tests.Infrastructure;

/// <summary>Records every event send, duplicates included; <see cref="Gate"/> holds sends back until a test opens it.</summary>
internal sealed class RecordingEventSender : IOrderEventSender
{
    private readonly ConcurrentQueue<OrderEvent> _sent = new();

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<OrderEvent> Sent => [.. _sent];

    public RecordingEventSender(bool open = true)
    {
        if (open)
        {
            Gate.SetResult();
        }
    }

    public async Task SendAsync(OrderEvent orderEvent, CancellationToken cancellationToken)
    {
        await Gate.Task.WaitAsync(cancellationToken);
        _sent.Enqueue(orderEvent);
    }

    /// <summary>The distinct events of one order, by sequence: what consumers that drop duplicates by id would see.</summary>
    public IReadOnlyList<OrderEvent> Of(string orderId) =>
        [.. Sent.Where(e => e.OrderId == orderId).DistinctBy(static e => e.Id).OrderBy(static e => e.Sequence)];
}
