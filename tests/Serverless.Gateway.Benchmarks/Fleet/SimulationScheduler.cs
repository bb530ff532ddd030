namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// Runs the fleet's asynchronous work one task at a time, in the order it was queued, on the thread that pumps it.
/// Code started on it keeps it: <c>await</c> captures a current scheduler that is not the default, and the sync round
/// runs its partitions' work on the current scheduler. So a round's partitions, though written to run in parallel,
/// take turns here, and nothing reaches the thread pool.
/// </summary>
public sealed class SimulationScheduler : TaskScheduler
{
    private readonly Queue<Task> _queue = new();
    private readonly int _thread = Environment.CurrentManagedThreadId;

    /// <summary>Whether a task was ever queued from a thread other than the one that created the scheduler (a determinism bug).</summary>
    public bool QueuedFromAnotherThread { get; private set; }

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>
    /// Runs every queued task, and those they queue, until none is left; without a synchronization context, which
    /// awaits would post to instead of this scheduler (a test runner has one).
    /// </summary>
    public void RunPending()
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            while (_queue.TryDequeue(out var task))
            {
                TryExecuteTask(task);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    protected override void QueueTask(Task task)
    {
        QueuedFromAnotherThread |= Environment.CurrentManagedThreadId != _thread;
        _queue.Enqueue(task);
    }

    // Never inline: a continuation waits its turn, so the order is the queue's alone.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => [.. _queue];
}
