using System.Diagnostics;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Tests.Telemetry;

public sealed class RecordedSpanTests
{
    [Theory]
    [InlineData(ActivitySamplingResult.PropagationData, false)]
    [InlineData(ActivitySamplingResult.AllData, true)]
    [InlineData(ActivitySamplingResult.AllDataAndRecorded, true)]
    public void Only_a_span_that_is_being_recorded_is_offered_for_tags(ActivitySamplingResult sampling, bool offered)
    {
        using var source = new ActivitySource($"{nameof(RecordedSpanTests)}.{sampling}");
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => candidate == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => sampling,
        };
        ActivitySource.AddActivityListener(listener);

        using var activity = source.StartActivity("request");

        Assert.NotNull(activity);
        Assert.Same(offered ? activity : null, RecordedSpan.Current);
    }

    [Fact]
    public void Outside_any_span_nothing_is_offered()
    {
        var outer = Activity.Current;
        Activity.Current = null;
        try
        {
            Assert.Null(RecordedSpan.Current);
        }
        finally
        {
            Activity.Current = outer;
        }
    }
}
