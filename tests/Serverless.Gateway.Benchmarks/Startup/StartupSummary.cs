namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>One variant and route's starts: medians, and the range of the headline figure.</summary>
public sealed record StartupSummary(StartupTarget Target, IReadOnlyList<StartupSample> Samples)
{
    public TimeSpan MedianFirstOk => Median(static sample => sample.FirstOk);

    public TimeSpan MinFirstOk => Samples.Min(static sample => sample.FirstOk);

    public TimeSpan MaxFirstOk => Samples.Max(static sample => sample.FirstOk);

    public TimeSpan MedianListening => Median(static sample => sample.Listening);

    public TimeSpan MedianFirstRequest => Median(static sample => sample.FirstRequest);

    public TimeSpan MedianCpuTime => Median(static sample => sample.CpuTime);

    private TimeSpan Median(Func<StartupSample, TimeSpan> figure)
    {
        var sorted = Samples.Select(figure).Order().ToArray();
        return sorted.Length == 0 ? TimeSpan.Zero
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
