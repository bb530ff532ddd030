using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Caching;

/// <summary>
/// A route's response cache on the real gateway, in front of a real backend that numbers its answers (so a repeated
/// number is a cached one) and fails on demand; time is a fake clock the tests move.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class ResponseCacheTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _lookups = new();
    private BackendServer _backend = null!;
    private int _served;
    private volatile bool _failing;
    private volatile bool _hanging;
    private volatile bool _failingWithBody;
    private bool _backendStopped;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Serverless.Gateway" && instrument.Name == "gateway.cache.lookups")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? route = null, result = null;
            foreach (var tag in tags)
            {
                (route, result) = tag.Key switch { "gateway.route" => ((string?)tag.Value, result), "result" => (route, (string?)tag.Value), _ => (route, result) };
            }

            _lookups.Enqueue($"{route}:{result}");
        });
        _listener.Start();
        _backend = await BackendServer.StartAsync("api", async context =>
        {
            if (_failing)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            if (_failingWithBody)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentType = "application/problem+json";
                await context.Response.WriteAsync(new string(' ', 20_000) + "{\"title\":\"backend broke\"}");
                return;
            }

            if (_hanging)
            {
                // Until the gateway gives up on the request: the route's Timeout is what ends it.
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            if (context.Request.Headers.Range.Count > 0)
            {
                context.Response.StatusCode = StatusCodes.Status206PartialContent;
                context.Response.Headers.ContentRange = "bytes 0-3/100";
                await context.Response.WriteAsync($"part {Interlocked.Increment(ref _served)}");
                return;
            }

            var query = context.Request.Query;
            if (query.TryGetValue("cc", out var cacheControl))
            {
                context.Response.Headers.CacheControl = cacheControl;
            }

            if (query.ContainsKey("cookie"))
            {
                context.Response.Headers.SetCookie = "session=1";
            }

            await context.Response.WriteAsync($"answer {Interlocked.Increment(ref _served)}");
        });
        var table = Guid.NewGuid().ToString("N")[..8];
        var settings = new GatewaySettings()
            .Backend("api", _backend.Address)
            .Set("Gateway:Backends:api:Resilience:Retry:MaxRetries", "0")
            .Set("Gateway:Backends:api:Resilience:CircuitBreaker:Enabled", "false")
            .Backend("guarded", _backend.Address)
            .Set("Gateway:Backends:guarded:Resilience:Retry:MaxRetries", "0")
            .Set("Gateway:Backends:guarded:Resilience:CircuitBreaker:MinimumThroughput", "2")
            .Set("Gateway:Backends:guarded:Resilience:CircuitBreaker:FailureRatio", "0.5")
            .Route("guarded", "/guarded/{**rest}", "guarded", ("Cache:StaleIfError", "00:05:00"))
            .Route("browser", "/browser/{**rest}", "api", ("Cache:Public", "true"), ("Cors:AllowedOrigins:0", "https://a.example"), ("Cors:AllowedOrigins:1", "https://b.example"))
            .Route("cached", "/cached/{**rest}", "api", ("Cache:VaryByHeaders:0", "Accept-Language"), ("Cache:StaleIfError", "00:05:00"))
            .Route("keyed", "/keyed/{**rest}", "api", ("AuthPolicy", "keys"), ("Cache:Duration", "00:01:00"))
            .Route("unchecked", "/unchecked/{**rest}", "api", ("Cache:CacheUnvalidatedAuthorization", "true"))
            .Route("slow", "/slow/{**rest}", "api", ("Timeout", "00:00:01"), ("Cache:StaleIfError", "00:05:00"))
            .Route("public", "/public/{**rest}", "api", ("AuthPolicy", "keys"), ("Cache:Public", "true"))
            .Route("free-hits", "/free/{**rest}", "api", ("AuthPolicy", "keys"), ("Cache:CountHitsAgainstQuota", "false"))
            .Set("Auth:ApiKeys:Table", "CacheKeys" + table)
            .Set("Auth:Policies:keys:Require", "ApiKey")
            .Set("RateLimiting:Table", "CacheLimits" + table)
            .Set("RateLimiting:Plans:two:DailyQuota", "2")
            .Set("RateLimiting:Plans:open:DailyQuota", "1000");
        _gateway = await GatewayTestServer.StartAsync(azurite, settings.Build(), configure: builder => builder.Services.AddSingleton<TimeProvider>(_time));
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _gateway.DisposeAsync();
        if (!_backendStopped)
        {
            await _backend.DisposeAsync();
        }
    }

    private async Task<(HttpStatusCode Status, string Cache, string Body, HttpResponseMessage Response)> GetAsync(
        string path, string? apiKey = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
        {
            request.Headers.Add(IdentityHeaders.ApiKey, apiKey);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await _gateway.Client.SendAsync(request);
        var cache = response.Headers.TryGetValues("X-Cache", out var values) ? string.Join(",", values) : "-";
        return (response.StatusCode, cache, await response.Content.ReadAsStringAsync(), response);
    }

    private Task<IssuedApiKey> KeyAsync(string tenant, string plan = "open") =>
        _gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync(tenant, plan, [], null, null, CancellationToken.None);

    [Fact]
    public async Task A_repeated_get_is_a_hit_answered_without_the_backend_with_its_age()
    {
        var first = await GetAsync("/cached/a?x=1");
        _time.Advance(TimeSpan.FromSeconds(7));
        var second = await GetAsync("/cached/a?x=1");
        var otherQuery = await GetAsync("/cached/a?x=2");

        Assert.Equal((HttpStatusCode.OK, "MISS", "answer 1"), (first.Status, first.Cache, first.Body));
        Assert.Equal((HttpStatusCode.OK, "HIT", "answer 1"), (second.Status, second.Cache, second.Body));
        Assert.Equal("7", second.Response.Headers.Age?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("MISS", "answer 2"), (otherQuery.Cache, otherQuery.Body));
        Assert.Equal(2, _backend.RequestCount);
        Assert.Equal(["cached:miss", "cached:hit", "cached:miss"], _lookups.ToArray());
    }

    [Fact]
    public async Task An_entry_expires_after_the_backends_max_age_or_the_routes_duration()
    {
        await GetAsync("/cached/m?cc=max-age=5");
        await GetAsync("/cached/d");
        _time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal("MISS", (await GetAsync("/cached/m?cc=max-age=5")).Cache);
        Assert.Equal("HIT", (await GetAsync("/cached/d")).Cache);
        _time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal("MISS", (await GetAsync("/cached/d")).Cache);
    }

    [Fact]
    public async Task Requests_differing_in_a_configured_vary_header_get_entries_of_their_own()
    {
        var english = await GetAsync("/cached/v", headers: ("Accept-Language", "en"));
        var french = await GetAsync("/cached/v", headers: ("Accept-Language", "fr"));
        var englishAgain = await GetAsync("/cached/v", headers: ("Accept-Language", "en"));
        var otherHeader = await GetAsync("/cached/v", headers: [("Accept-Language", "fr"), ("X-Other", "1")]);

        Assert.Equal(("MISS", "answer 1"), (english.Cache, english.Body));
        Assert.Equal(("MISS", "answer 2"), (french.Cache, french.Body));
        Assert.Equal(("HIT", "answer 1"), (englishAgain.Cache, englishAgain.Body));
        Assert.Equal(("HIT", "answer 2"), (otherHeader.Cache, otherHeader.Body));
    }

    [Fact]
    public async Task Tenants_never_see_each_others_entries_and_a_public_route_shares_them()
    {
        var contoso = await KeyAsync("contoso");
        var contosoAgain = await KeyAsync("contoso");
        var fabrikam = await KeyAsync("fabrikam");

        var first = await GetAsync("/keyed/r", contoso.Key);
        var otherTenant = await GetAsync("/keyed/r", fabrikam.Key);
        var sameTenantOtherKey = await GetAsync("/keyed/r", contosoAgain.Key);
        var publicFirst = await GetAsync("/public/r", contoso.Key);
        var publicOtherTenant = await GetAsync("/public/r", fabrikam.Key);

        Assert.Equal(("MISS", "answer 1"), (first.Cache, first.Body));
        Assert.Equal(("MISS", "answer 2"), (otherTenant.Cache, otherTenant.Body));
        Assert.Equal(("HIT", "answer 1"), (sameTenantOtherKey.Cache, sameTenantOtherKey.Body));
        Assert.Equal(("MISS", "answer 3"), (publicFirst.Cache, publicFirst.Body));
        Assert.Equal(("HIT", "answer 3"), (publicOtherTenant.Cache, publicOtherTenant.Body));
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/keyed/r")).Status);
    }

    [Theory]
    [InlineData("/cached/s?cc=no-store")]
    [InlineData("/cached/s?cc=private,max-age=60")]
    [InlineData("/cached/s?cc=no-cache")]
    [InlineData("/cached/s?cookie=1")]
    public async Task A_response_the_backend_marks_uncacheable_or_that_sets_a_cookie_is_not_stored(string path)
    {
        await GetAsync(path);
        var second = await GetAsync(path);

        Assert.Equal(("MISS", "answer 2"), (second.Cache, second.Body));
    }

    [Fact]
    public async Task A_request_with_an_authorization_header_the_route_did_not_check_bypasses_the_cache()
    {
        await GetAsync("/cached/auth", headers: ("Authorization", "Bearer someone"));
        var second = await GetAsync("/cached/auth", headers: ("Authorization", "Bearer someone"));
        var anonymous = await GetAsync("/cached/auth");

        Assert.Equal("answer 2", second.Body);
        Assert.Equal(("MISS", "answer 3"), (anonymous.Cache, anonymous.Body));
        Assert.Contains("cached:bypass", _lookups);
    }

    [Fact]
    public async Task A_client_no_cache_fetches_afresh_and_stores_while_no_store_leaves_the_cache_alone()
    {
        await GetAsync("/cached/c");
        var revalidated = await GetAsync("/cached/c", headers: ("Cache-Control", "no-cache"));
        var afterRevalidation = await GetAsync("/cached/c");
        var bypassed = await GetAsync("/cached/c", headers: ("Cache-Control", "no-store"));
        var afterBypass = await GetAsync("/cached/c");

        Assert.Equal(("MISS", "answer 2"), (revalidated.Cache, revalidated.Body));
        Assert.Equal(("HIT", "answer 2"), (afterRevalidation.Cache, afterRevalidation.Body));
        Assert.Equal("answer 3", bypassed.Body);
        Assert.Equal(("HIT", "answer 2"), (afterBypass.Cache, afterBypass.Body));
    }

    [Fact]
    public async Task A_stale_entry_stands_in_for_a_failing_backend_within_stale_if_error_and_not_after()
    {
        await GetAsync("/cached/s");
        _time.Advance(TimeSpan.FromSeconds(40));
        _failing = true;

        var stale = await GetAsync("/cached/s");
        _time.Advance(TimeSpan.FromMinutes(5));
        var tooOld = await GetAsync("/cached/s");

        Assert.Equal((HttpStatusCode.OK, "STALE", "answer 1"), (stale.Status, stale.Cache, stale.Body));
        Assert.Equal(TimeSpan.FromSeconds(40), stale.Response.Headers.Age);
        Assert.Contains("110", string.Join(",", stale.Response.Headers.GetValues("Warning")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, tooOld.Status);
        Assert.Contains("cached:stale", _lookups);
    }

    [Fact]
    public async Task A_stale_entry_stands_in_for_a_backend_that_is_down()
    {
        await GetAsync("/cached/down");
        _time.Advance(TimeSpan.FromMinutes(1));
        await _backend.DisposeAsync();
        _backendStopped = true;

        var stale = await GetAsync("/cached/down");
        var uncached = await GetAsync("/cached/never-seen");

        Assert.Equal((HttpStatusCode.OK, "STALE", "answer 1"), (stale.Status, stale.Cache, stale.Body));
        Assert.Equal(HttpStatusCode.BadGateway, uncached.Status);
    }

    [Fact]
    public async Task Hits_count_against_the_quota_unless_the_route_says_otherwise()
    {
        var counted = await KeyAsync("counted", "two");
        var free = await KeyAsync("free", "two");

        await GetAsync("/keyed/q", counted.Key);
        await GetAsync("/keyed/q", counted.Key);
        var overQuota = await GetAsync("/keyed/q", counted.Key);
        await GetAsync("/free/q", free.Key);
        var hits = new[] { await GetAsync("/free/q", free.Key), await GetAsync("/free/q", free.Key), await GetAsync("/free/q", free.Key) };
        var secondMiss = await GetAsync("/free/other", free.Key);
        var thirdMiss = await GetAsync("/free/third", free.Key);

        Assert.Equal(HttpStatusCode.TooManyRequests, overQuota.Status);
        Assert.All(hits, hit => Assert.Equal((HttpStatusCode.OK, "HIT"), (hit.Status, hit.Cache)));
        Assert.Equal(HttpStatusCode.OK, secondMiss.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, thirdMiss.Status);
    }

    [Fact]
    public async Task A_stale_entry_stands_in_for_the_answer_of_an_open_circuit_and_head_gets_its_headers_only()
    {
        await GetAsync("/guarded/p");
        using var head = await _gateway.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/guarded/p"));
        _time.Advance(TimeSpan.FromMinutes(1));
        _failing = true;
        await GetAsync("/guarded/p");
        await GetAsync("/guarded/p");
        var calls = _backend.RequestCount;

        var stale = await GetAsync("/guarded/p");
        var uncached = await GetAsync("/guarded/other");

        Assert.Equal("MISS", string.Join(",", head.Headers.GetValues("X-Cache")));
        Assert.Equal((HttpStatusCode.OK, "STALE", "answer 1"), (stale.Status, stale.Cache, stale.Body));
        Assert.Equal(calls, _backend.RequestCount);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, uncached.Status);
        Assert.Equal("backend_unavailable", System.Text.Json.JsonDocument.Parse(uncached.Body).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task On_a_route_with_cors_each_origin_gets_entries_that_name_it()
    {
        var fromA = await GetAsync("/browser/x", headers: ("Origin", "https://a.example"));
        var fromB = await GetAsync("/browser/x", headers: ("Origin", "https://b.example"));
        var fromAAgain = await GetAsync("/browser/x", headers: ("Origin", "https://a.example"));

        Assert.Equal(("MISS", "answer 1"), (fromA.Cache, fromA.Body));
        Assert.Equal(("MISS", "answer 2"), (fromB.Cache, fromB.Body));
        Assert.Equal(("HIT", "answer 1"), (fromAAgain.Cache, fromAAgain.Body));
        Assert.Equal("https://a.example", string.Join(",", fromAAgain.Response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task A_request_for_another_host_gets_an_entry_of_its_own_so_a_hostile_host_header_poisons_nothing()
    {
        var hostile = await GetAsync("/cached/links", headers: ("Host", "evil.example"));
        var honest = await GetAsync("/cached/links");
        var honestAgain = await GetAsync("/cached/links");

        Assert.Equal(("MISS", "answer 1"), (hostile.Cache, hostile.Body));
        Assert.Equal(("MISS", "answer 2"), (honest.Cache, honest.Body));
        Assert.Equal(("HIT", "answer 2"), (honestAgain.Cache, honestAgain.Body));
    }

    [Fact]
    public async Task With_cache_unvalidated_authorization_requests_carrying_authorization_are_cached_in_the_anonymous_partition()
    {
        var first = await GetAsync("/unchecked/a", headers: ("Authorization", "Bearer someone"));
        var second = await GetAsync("/unchecked/a", headers: ("Authorization", "Bearer someone-else"));
        var anonymous = await GetAsync("/unchecked/a");

        Assert.Equal(("MISS", "answer 1"), (first.Cache, first.Body));
        Assert.Equal(("HIT", "answer 1"), (second.Cache, second.Body));
        Assert.Equal(("HIT", "answer 1"), (anonymous.Cache, anonymous.Body));
        Assert.DoesNotContain("unchecked:bypass", _lookups);
    }

    [Fact]
    public async Task A_partial_answer_to_a_range_request_is_never_stored_nor_served_for_the_whole()
    {
        var range = await GetAsync("/cached/file", headers: ("Range", "bytes=0-3"));
        var whole = await GetAsync("/cached/file");
        var wholeAgain = await GetAsync("/cached/file");

        Assert.Equal((HttpStatusCode.PartialContent, "part 1"), (range.Status, range.Body));
        Assert.Equal((HttpStatusCode.OK, "MISS", "answer 2"), (whole.Status, whole.Cache, whole.Body));
        Assert.Equal((HttpStatusCode.OK, "HIT", "answer 2"), (wholeAgain.Status, wholeAgain.Cache, wholeAgain.Body));
        Assert.Null(wholeAgain.Response.Content.Headers.ContentRange);
    }

    [Fact]
    public async Task A_stale_entry_stands_in_when_the_routes_own_timeout_ends_a_hanging_backend()
    {
        await GetAsync("/slow/t");
        _time.Advance(TimeSpan.FromSeconds(40));
        _hanging = true;

        var stale = await GetAsync("/slow/t");
        var uncached = await GetAsync("/slow/never-seen");

        Assert.Equal((HttpStatusCode.OK, "STALE", "answer 1"), (stale.Status, stale.Cache, stale.Body));
        Assert.Equal(TimeSpan.FromSeconds(40), stale.Response.Headers.Age);
        Assert.Contains("110", string.Join(",", stale.Response.Headers.GetValues("Warning")));
        Assert.Equal(HttpStatusCode.GatewayTimeout, uncached.Status);
        Assert.Contains("slow:stale", _lookups);
    }

    [Fact]
    public async Task A_request_with_a_cookie_bypasses_the_anonymous_partition_but_not_a_public_route()
    {
        await GetAsync("/cached/session", headers: ("Cookie", "session=alice"));
        var bob = await GetAsync("/cached/session", headers: ("Cookie", "session=bob"));
        var anonymous = await GetAsync("/cached/session");
        var anonymousAgain = await GetAsync("/cached/session");
        await GetAsync("/browser/session", headers: [("Cookie", "analytics=1"), ("Origin", "https://a.example")]);
        var publicHit = await GetAsync("/browser/session", headers: [("Cookie", "analytics=2"), ("Origin", "https://a.example")]);

        Assert.Equal(("MISS", "answer 2"), (bob.Cache, bob.Body));
        Assert.Equal(("MISS", "answer 3"), (anonymous.Cache, anonymous.Body));
        Assert.Equal(("HIT", "answer 3"), (anonymousAgain.Cache, anonymousAgain.Body));
        Assert.Equal(("HIT", "answer 4"), (publicHit.Cache, publicHit.Body));
        Assert.Contains("cached:bypass", _lookups);
    }

    [Fact]
    public async Task A_stale_entry_stands_in_for_a_failing_answer_that_has_a_body_of_its_own()
    {
        await GetAsync("/cached/broken");
        _time.Advance(TimeSpan.FromSeconds(40));
        _failingWithBody = true;

        var stale = await GetAsync("/cached/broken");
        var uncached = await GetAsync("/cached/never-stored");

        Assert.Equal((HttpStatusCode.OK, "STALE", "answer 1"), (stale.Status, stale.Cache, stale.Body));
        Assert.Equal(HttpStatusCode.InternalServerError, uncached.Status);
        Assert.Contains("backend broke", uncached.Body, StringComparison.Ordinal);
    }
}
