using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding.Mirroring;

/// <summary>
/// Routes with a <c>Mirror</c> on the real gateway: the shadow gets a copy of what the primary gets, and nothing the
/// shadow does (fail, refuse connections, hang, answer slowly) reaches the caller; skips, outcomes and both latencies
/// are counted.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class MirrorTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _route = "mirrored-" + Guid.NewGuid().ToString("N")[..8];
    private readonly MirrorMetricRecorder _metrics = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _shadowBodies = new();
    private BackendServer _primary = null!;

    public async Task InitializeAsync() => _primary = await BackendServer.StartAsync("primary", PrimaryAsync);

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        _metrics.Dispose();
        await _primary.DisposeAsync();
    }

    /// <summary>Answers with what it received, so a test sees the whole body reached the primary.</summary>
    private static async Task PrimaryAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        await context.Response.WriteAsync($"primary {context.Request.Method} {context.Request.Path}{context.Request.QueryString} {body.Length}");
    }

    private Task<BackendServer> StartShadowAsync(int status = 200, bool hang = false) => BackendServer.StartAsync("shadow", async context =>
    {
        using var reader = new StreamReader(context.Request.Body);
        _shadowBodies.Enqueue(await reader.ReadToEndAsync());
        if (hang)
        {
            await _release.Task;
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsync("shadow answer the caller must never see");
    });

    private Task<GatewayTestServer> StartGatewayAsync(string shadowAddress, params (string Key, string Value)[] mirror)
    {
        var extra = new List<(string, string)> { ("StripPrefix", "/m"), ("Mirror:Backend", "shadow") };
        extra.AddRange(mirror.Select(setting => ("Mirror:" + setting.Key, setting.Value)));
        var settings = new GatewaySettings()
            .Backend("primary", _primary.Address)
            .Backend("shadow", shadowAddress)
            .Route(_route, "/m/{**rest}", "primary", [.. extra]);
        return GatewayTestServer.StartAsync(azurite, settings.Build());
    }

    [Fact]
    public async Task The_shadow_gets_a_copy_of_what_the_primary_gets_and_its_failing_answer_is_discarded_and_counted_as_a_mismatch()
    {
        await using var shadow = await StartShadowAsync(status: 500);
        await using var gateway = await StartGatewayAsync(shadow.Address);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/m/items?color=red") { Content = new StringContent("hello", Encoding.UTF8, "text/plain") };
        request.Headers.TryAddWithoutValidation("X-Trace-Me", "1");
        request.Headers.TryAddWithoutValidation("X-Api-Key", "not-for-backends");

        var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("primary POST /items?color=red 5", await response.Content.ReadAsStringAsync());
        Assert.Equal("primary", response.Headers.GetValues("X-Served-By").Single());
        await Eventually.TrueAsync(() => _metrics.Outcome(_route, "sent") == 1);
        var copy = Assert.Single(shadow.Requests);
        Assert.Equal(("POST", "/items", "?color=red"), (copy.Method, copy.Path, copy.QueryString));
        Assert.Equal("hello", Assert.Single(_shadowBodies));
        Assert.Equal("1", copy.Headers["X-Trace-Me"]);
        Assert.StartsWith("text/plain", copy.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.False(copy.Headers.ContainsKey("X-Api-Key"));

        // The copy's thread records the outcome first and the mismatch last.
        await Eventually.TrueAsync(() => _metrics.Count("gateway.mirror.mismatches", _route) == 1);
        Assert.Equal(1, _metrics.Count("gateway.mirror.mismatches", _route, "2xx>5xx"));
        Assert.Equal(1, _metrics.Count("gateway.mirror.duration", _route, "5xx"));
        Assert.Equal(1, _metrics.Count("gateway.mirror.primary.duration", _route, "2xx"));
    }

    [Fact]
    public async Task The_caller_gets_the_primary_answer_while_the_shadow_still_hangs()
    {
        await using var shadow = await StartShadowAsync(hang: true);
        await using var gateway = await StartGatewayAsync(shadow.Address);

        var first = await gateway.Client.GetAsync("/m/slow");
        await Eventually.TrueAsync(() => shadow.RequestCount == 1);
        var second = await gateway.Client.GetAsync("/m/slow-again");

        Assert.Equal("primary GET /slow 0", await first.Content.ReadAsStringAsync());
        Assert.Equal("primary GET /slow-again 0", await second.Content.ReadAsStringAsync());
        Assert.False(_release.Task.IsCompleted);
        Assert.Equal(0, _metrics.Outcome(_route, "sent"));
        _release.SetResult();
        await Eventually.TrueAsync(() => _metrics.Outcome(_route, "sent") == 2);
        Assert.Equal(0, _metrics.Count("gateway.mirror.mismatches", _route));
    }

    [Fact]
    public async Task A_shadow_that_refuses_connections_or_outlives_its_timeout_is_counted_and_never_seen_by_the_caller()
    {
        var gone = await BackendServer.StartAsync("gone");
        var goneAddress = gone.Address;
        await gone.DisposeAsync();
        await using (var gateway = await StartGatewayAsync(goneAddress))
        {
            var response = await gateway.Client.GetAsync("/m/refused");

            Assert.Equal("primary GET /refused 0", await response.Content.ReadAsStringAsync());
            await Eventually.TrueAsync(() => _metrics.Outcome(_route, "failed") == 1);
        }

        await using var shadow = await StartShadowAsync(hang: true);
        await using var timingOut = await StartGatewayAsync(shadow.Address, ("Timeout", "00:00:00.200"));

        var slow = await timingOut.Client.GetAsync("/m/timeout");

        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        await Eventually.TrueAsync(() => _metrics.Outcome(_route, "timeout") == 1);
        Assert.Equal(0, _metrics.Outcome(_route, "sent"));
    }

    [Fact]
    public async Task Copies_beyond_the_concurrency_limit_are_skipped_and_counted_not_queued()
    {
        await using var shadow = await StartShadowAsync(hang: true);
        await using var gateway = await StartGatewayAsync(shadow.Address, ("MaxConcurrency", "2"));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync($"/m/n{i}")).StatusCode);
        }

        await Eventually.TrueAsync(() => _metrics.Outcome(_route, "skipped_concurrency") == 3);
        await Eventually.TrueAsync(() => shadow.RequestCount == 2);
        _release.SetResult();
        await Eventually.TrueAsync(() => _metrics.Outcome(_route, "sent") == 2);
        Assert.Equal(2, shadow.RequestCount);
    }

    [Fact]
    public async Task A_body_too_large_or_of_unknown_length_is_not_copied_and_the_primary_still_gets_all_of_it()
    {
        await using var shadow = await StartShadowAsync();
        await using var gateway = await StartGatewayAsync(shadow.Address, ("MaxBodySize", "16"));

        var large = await gateway.Client.PostAsync("/m/large", new ByteArrayContent(new byte[100]));
        var chunked = await gateway.Client.PostAsync("/m/chunked", new StreamContent(new GeneratedStream(50_000)));
        var small = await gateway.Client.PostAsync("/m/small", new StringContent("tiny"));

        Assert.Equal("primary POST /large 100", await large.Content.ReadAsStringAsync());
        Assert.Equal("primary POST /chunked 50000", await chunked.Content.ReadAsStringAsync());
        Assert.Equal("primary POST /small 4", await small.Content.ReadAsStringAsync());
        Assert.Equal(2, _metrics.Outcome(_route, "skipped_body"));
        await Eventually.TrueAsync(() => _metrics.Outcome(_route, "sent") == 1);
        Assert.Equal("/small", Assert.Single(shadow.Requests).Path);
    }

    [Fact]
    public async Task Only_admitted_requests_are_copied_and_the_rate_limit_counts_each_real_request_once()
    {
        await using var shadow = await StartShadowAsync();
        var settings = new GatewaySettings()
            .Backend("primary", _primary.Address)
            .Backend("shadow", shadow.Address)
            .Route(_route, "/m/{**rest}", "primary", ("Mirror:Backend", "shadow"), ("RateLimitPolicy", "two"))
            .Set("RateLimiting:Table", "MirrorLimits" + Guid.NewGuid().ToString("N")[..8])
            .Set("RateLimiting:Policies:two:Limit", "2")
            .Set("RateLimiting:Policies:two:Window", "01:00:00");
        await using var gateway = await GatewayTestServer.StartAsync(azurite, settings.Build());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await gateway.Client.GetAsync("/m/limited")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        await Eventually.TrueAsync(() => _metrics.Outcome(_route, "sent") == 2);
        Assert.Equal(2, shadow.RequestCount);
        Assert.Equal(2, _metrics.Count("gateway.mirror.requests", _route));
    }

    [Fact]
    public async Task Over_many_requests_the_share_copied_follows_percent()
    {
        const int Requests = 600;
        const double Percent = 30;
        await using var shadow = await StartShadowAsync();
        await using var gateway = await StartGatewayAsync(shadow.Address, ("Percent", "30"), ("MaxConcurrency", "1000"));

        for (var i = 0; i < Requests; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync($"/m/p{i}")).StatusCode);
        }

        // Each request is an independent draw, so the copies are Binomial(600, 0.3): mean 180, standard deviation 11.2.
        // Seven deviations either side (102 to 258) fail by chance about once in 10^11 runs, yet catch a share that
        // ignores Percent (600) or never samples (0). Every sampled request counts exactly one outcome, and counts only
        // grow, so the upper bound is checked once the lower one is reached.
        var deviation = Math.Sqrt(Requests * (Percent / 100) * (1 - (Percent / 100)));
        var (low, high) = ((int)((Requests * Percent / 100) - (7 * deviation)), (int)Math.Ceiling((Requests * Percent / 100) + (7 * deviation)));
        await Eventually.TrueAsync(() => _metrics.Count("gateway.mirror.requests", _route) >= low, because: $"Fewer than {low} of {Requests} requests were copied.");
        Assert.InRange(_metrics.Count("gateway.mirror.requests", _route), low, high);
        Assert.InRange(shadow.RequestCount, 1, high);
    }

    [Fact]
    public async Task Percent_zero_copies_nothing_and_percent_one_hundred_copies_every_request()
    {
        const int Requests = 100;
        await using var shadow = await StartShadowAsync();
        await using (var none = await StartGatewayAsync(shadow.Address, ("Percent", "0")))
        {
            for (var i = 0; i < Requests; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await none.Client.GetAsync($"/m/none{i}")).StatusCode);
            }
        }

        // The draw happens before forwarding, so with every answer in nothing can be on its way.
        Assert.Equal(0, shadow.RequestCount);
        Assert.Equal(0, _metrics.Count("gateway.mirror.requests", _route));

        await using var all = await StartGatewayAsync(shadow.Address, ("Percent", "100"), ("MaxConcurrency", "1000"));
        for (var i = 0; i < Requests; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await all.Client.GetAsync($"/m/all{i}")).StatusCode);
        }

        await Eventually.TrueAsync(() => _metrics.Outcome(_route, "sent") == Requests);
        Assert.Equal(Requests, shadow.RequestCount);
        Assert.Equal(Requests, _metrics.Count("gateway.mirror.requests", _route));
    }
}
