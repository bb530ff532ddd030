using Serverless.Gateway.Benchmarks.Load;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Tests;

public sealed class MeasuredAloneTests
{
    private const char Stopped = 'T';

    [Fact]
    public async Task Every_other_target_is_stopped_during_the_measurement_and_continues_after_it()
    {
        await using var backend = Sleeper("backend");
        await using var measured = Sleeper("measured");
        await using var other = Sleeper("other");
        var targets = new[] { Target("direct", backend), Target("measured", measured), Target("other", other) };

        var during = await MeasuredAlone.RunAsync(
            targets[1], targets, backend, () => Task.FromResult((Backend: State(backend), Measured: State(measured), Other: State(other))), CancellationToken.None);

        Assert.NotEqual(Stopped, during.Backend);
        Assert.NotEqual(Stopped, during.Measured);
        Assert.Equal(Stopped, during.Other);
        Assert.NotEqual(Stopped, State(other));
    }

    [Fact]
    public async Task The_others_continue_when_the_measurement_fails()
    {
        await using var backend = Sleeper("backend");
        await using var measured = Sleeper("measured");
        await using var other = Sleeper("other");
        var targets = new[] { Target("direct", backend), Target("measured", measured), Target("other", other) };

        await Assert.ThrowsAsync<InvalidOperationException>(() => MeasuredAlone.RunAsync<int>(
            targets[1], targets, backend, () => throw new InvalidOperationException("wrk failed"), CancellationToken.None));

        Assert.NotEqual(Stopped, State(other));
    }

    private static BenchProcess Sleeper(string name) => BenchProcess.Start(name, "sleep", ["60"]);

    private static LoadTarget Target(string id, BenchProcess process) =>
        new(id, id, new Uri("http://127.0.0.1:9/"), new Dictionary<string, string>(), process);

    /// <summary>The process's state in /proc: T when stopped by a signal.</summary>
    private static char State(BenchProcess process)
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }
}
