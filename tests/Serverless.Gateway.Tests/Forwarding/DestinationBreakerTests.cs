using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.Forwarding;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Tests.Forwarding;

public sealed class DestinationBreakerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingObserver _observer = new();

    private DestinationBreaker Breaker(double failureRatio = 0.5, int minimumThroughput = 4) => new(
        new CircuitBreakerOptions
        {
            FailureRatio = failureRatio,
            MinimumThroughput = minimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(10),
            BreakDuration = TimeSpan.FromSeconds(5),
        },
        _time,
        _observer);

    private DestinationBreaker Opened()
    {
        var breaker = Breaker(minimumThroughput: 2);
        Call(breaker, failed: true);
        Call(breaker, failed: true);
        return breaker;
    }

    private DestinationBreaker OpenedWithTheBreakOver()
    {
        var breaker = Opened();
        _time.Advance(TimeSpan.FromSeconds(5));
        return breaker;
    }

    private static void Call(DestinationBreaker breaker, bool failed)
    {
        Assert.True(breaker.TryEnter(out _));
        breaker.Record(failed);
    }

    [Fact]
    public void Failures_below_the_minimum_throughput_do_not_open_the_circuit()
    {
        var breaker = Breaker(minimumThroughput: 4);

        Call(breaker, failed: true);
        Call(breaker, failed: true);
        Call(breaker, failed: true);

        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Empty(_observer.Events);
    }

    [Fact]
    public void The_circuit_opens_once_the_failure_ratio_is_reached_over_the_minimum_throughput()
    {
        var breaker = Breaker(failureRatio: 0.5, minimumThroughput: 4);

        Call(breaker, failed: false);
        Call(breaker, failed: false);
        Call(breaker, failed: true);
        Assert.Equal(CircuitState.Closed, breaker.State);
        Call(breaker, failed: true);

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.Equal(["opened 00:00:05"], _observer.Events);
        Assert.Equal(TimeSpan.FromSeconds(5), breaker.RemainingBreak);
    }

    [Fact]
    public void Successes_alone_never_open_the_circuit()
    {
        var breaker = Breaker();

        for (var i = 0; i < 100; i++)
        {
            Call(breaker, failed: false);
        }

        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void Failures_older_than_the_sampling_duration_no_longer_count()
    {
        var breaker = Breaker(failureRatio: 0.5, minimumThroughput: 4);
        Call(breaker, failed: true);
        Call(breaker, failed: true);
        Call(breaker, failed: true);

        _time.Advance(TimeSpan.FromSeconds(11));
        Call(breaker, failed: false);
        Call(breaker, failed: false);
        Call(breaker, failed: false);
        Call(breaker, failed: true);

        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void An_open_circuit_refuses_calls_and_says_when_it_will_let_a_probe_through()
    {
        var breaker = Opened();
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(breaker.TryEnter(out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(3), retryAfter);
    }

    [Fact]
    public void After_the_break_one_probe_goes_through_and_the_calls_beside_it_are_refused()
    {
        var breaker = OpenedWithTheBreakOver();

        Assert.True(breaker.TryEnter(out _));
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
        Assert.Null(breaker.RemainingBreak);
        Assert.False(breaker.TryEnter(out _));
        Assert.Equal(["opened 00:00:05", "half-opened"], _observer.Events);
    }

    [Fact]
    public void A_successful_probe_closes_the_circuit_with_its_failures_forgotten()
    {
        var breaker = OpenedWithTheBreakOver();

        Call(breaker, failed: false);
        Call(breaker, failed: true);

        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Null(breaker.RemainingBreak);
        Assert.Equal(["opened 00:00:05", "half-opened", "closed"], _observer.Events);
    }

    [Fact]
    public void A_failed_probe_opens_the_circuit_for_another_break()
    {
        var breaker = OpenedWithTheBreakOver();

        Call(breaker, failed: true);

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(breaker.TryEnter(out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(5), retryAfter);
        Assert.Equal(["opened 00:00:05", "half-opened", "opened 00:00:05"], _observer.Events);
    }

    [Fact]
    public void A_probe_that_never_reports_is_replaced_after_another_break()
    {
        var breaker = OpenedWithTheBreakOver();
        Assert.True(breaker.TryEnter(out _));

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(breaker.TryEnter(out _));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(breaker.TryEnter(out _));
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
    }

    [Fact]
    public void Outcomes_of_calls_admitted_before_the_circuit_opened_do_not_end_the_break()
    {
        var breaker = Breaker(minimumThroughput: 2);
        Assert.True(breaker.TryEnter(out _));
        Call(breaker, failed: true);
        Call(breaker, failed: true);

        breaker.Record(failed: false);

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(breaker.TryEnter(out _));
    }

    [Fact]
    public void Concurrent_outcomes_are_all_counted()
    {
        var breaker = Breaker(failureRatio: 1.0, minimumThroughput: 4000);

        Parallel.For(0, 3999, _ => Call(breaker, failed: true));
        Assert.Equal(CircuitState.Closed, breaker.State);
        Call(breaker, failed: true);

        Assert.Equal(CircuitState.Open, breaker.State);
    }

    private sealed class RecordingObserver : IDestinationBreakerObserver
    {
        public List<string> Events { get; } = [];

        public void Opened(TimeSpan breakDuration) => Events.Add($"opened {breakDuration}");

        public void HalfOpened() => Events.Add("half-opened");

        public void Closed() => Events.Add("closed");
    }
}
