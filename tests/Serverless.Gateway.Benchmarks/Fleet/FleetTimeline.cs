using Microsoft.Extensions.Time.Testing;

namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// Simulated time for the whole fleet: one clock, the events due on it in time order (ties in the order they were
/// added), and the scheduler every instance's asynchronous work runs on. Moving the clock fires its timers (the sync
/// rounds' storage timeouts); after each event, everything that became runnable runs before time moves again.
/// </summary>
public sealed class FleetTimeline
{
    private readonly PriorityQueue<Action, (long Ticks, long Sequence)> _events = new();
    private long _sequence;

    public FleetTimeline(DateTimeOffset start)
    {
        Clock = new FakeTimeProvider(start);
        Scheduler = new SimulationScheduler();
    }

    public FakeTimeProvider Clock { get; }

    public SimulationScheduler Scheduler { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public void At(DateTimeOffset when, Action action) =>
        _events.Enqueue(action, ((when < Now ? Now : when).UtcTicks, _sequence++));

    public void After(TimeSpan delay, Action action) => At(Now + delay, action);

    /// <summary>When the next event is due; false if none is.</summary>
    public bool TryPeek(out DateTimeOffset when)
    {
        if (_events.TryPeek(out _, out var key))
        {
            when = new DateTimeOffset(key.Ticks, TimeSpan.Zero);
            return true;
        }

        when = default;
        return false;
    }

    /// <summary>Moves the clock to the next event, runs it, then everything runnable.</summary>
    public void RunNext()
    {
        _events.TryDequeue(out var action, out var key);
        AdvanceTo(new DateTimeOffset(key.Ticks, TimeSpan.Zero));
        action!();
        Scheduler.RunPending();
    }

    /// <summary>Moves the clock forward (firing its timers) and runs everything that became runnable.</summary>
    public void AdvanceTo(DateTimeOffset when)
    {
        if (when > Now)
        {
            Clock.SetUtcNow(when);
        }

        Scheduler.RunPending();
    }

    /// <summary>Starts asynchronous work on the scheduler, so that every continuation in it runs there too.</summary>
    public Task Start(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler).Unwrap();

    /// <inheritdoc cref="Start(Func{Task})"/>
    public Task<T> Start<T>(Func<Task<T>> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler).Unwrap();
}
