using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Tests.Hosting;

public sealed class RateLimitedSamplerTests
{
    [Fact]
    public void Keeps_a_burst_of_one_seconds_worth_then_one_trace_per_interval()
    {
        var time = new FakeTimeProvider();
        var sampler = new RateLimitedSampler(5, time);

        Assert.Equal(5, Kept(sampler, 20));

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(0, Kept(sampler, 20));

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, Kept(sampler, 20));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(5, Kept(sampler, 20));
    }

    [Fact]
    public void A_client_span_without_a_parent_is_never_kept_so_background_calls_do_not_spend_the_budget()
    {
        var sampler = new RateLimitedSampler(1000, new FakeTimeProvider());

        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Root(ActivityKind.Client)).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Root(ActivityKind.Server)).Decision);
    }

    [Fact]
    public void A_rate_of_zero_keeps_nothing()
    {
        Assert.Equal(0, Kept(new RateLimitedSampler(0, new FakeTimeProvider()), 10));
    }

    [Fact]
    public void Parent_based_a_trace_sampled_upstream_is_kept_whatever_the_budget()
    {
        var sampler = new ParentBasedSampler(new RateLimitedSampler(0, new FakeTimeProvider()));
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

        var result = sampler.ShouldSample(new SamplingParameters(parent, parent.TraceId, "GET /items", ActivityKind.Server));

        Assert.Equal(SamplingDecision.RecordAndSample, result.Decision);
    }

    private static int Kept(Sampler sampler, int attempts) =>
        Enumerable.Range(0, attempts).Count(_ => sampler.ShouldSample(Root(ActivityKind.Server)).Decision == SamplingDecision.RecordAndSample);

    private static SamplingParameters Root(ActivityKind kind) => new(default, ActivityTraceId.CreateRandom(), "GET /items", kind);
}
