using Serverless.Gateway.Benchmarks.Distributed;
using Serverless.Gateway.Benchmarks.Load;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Tests;

public sealed class CacheHitCheckTests
{
    private static readonly WrkResult Run = new(1_000, 5, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), 0, 0);

    [Fact]
    public async Task The_probe_fails_the_run_when_the_answer_did_not_come_from_the_cache()
    {
        await using var backend = await CountingBackend.StartAsync(CancellationToken.None);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CacheHitCheck.ProbeAsync("cached", new Uri(backend.Address, "/bench/products/42"), new Dictionary<string, string>(), CancellationToken.None));

        Assert.Contains("cached is not serving cache hits", failure.Message, StringComparison.Ordinal);
        Assert.Contains("X-Cache: (none)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_measured_run_fails_when_any_of_its_requests_reached_the_backend()
    {
        await using var backend = await CountingBackend.StartAsync(CancellationToken.None);
        var check = new CacheHitCheck(backend);
        var before = check.BackendRequests;
        using var client = Loopback.CreateClient(TimeSpan.FromSeconds(5));

        using var response = await client.GetAsync(new Uri(backend.Address, "/bench/products/42"), CancellationToken.None);

        var failure = Assert.Throws<InvalidOperationException>(() => check.ThrowIfMissed("cached", before, Run));
        Assert.Contains("cached: 1 of the 5 measured requests reached the backend", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_measured_run_passes_when_none_of_its_requests_reached_the_backend()
    {
        await using var backend = await CountingBackend.StartAsync(CancellationToken.None);
        var check = new CacheHitCheck(backend);

        check.ThrowIfMissed("cached", check.BackendRequests, Run);
    }
}
