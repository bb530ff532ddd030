using System.Globalization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Serverless.Gateway.Policies;
using Serverless.Gateway.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Caching;

/// <summary>
/// Serves GET and HEAD requests on routes with <c>Cache</c> from the cache, after the route's policies admitted the
/// caller; stores what the backend answers on a miss while passing it on; and, when the backend fails, serves a stale
/// entry within the route's <c>StaleIfError</c>. docs/caching.md describes the rules.
/// </summary>
internal sealed class ResponseCacheMiddleware(
    RequestDelegate next,
    RouteCacheResolver resolver,
    MemoryResponseCache memory,
    SharedResponseCache shared,
    RoutePolicyResolver policies,
    RoutePolicyEnforcer enforcer,
    TimeProvider time,
    GatewayMetrics metrics)
{
    public const string CacheHeader = "X-Cache";
    private const string StaleWarning = "110 - \"Response is Stale\"";

    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        if (resolver.Resolve(route) is not { } policy || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            return next(context);
        }

        var request = context.Request.Headers;
        // Credentials the gateway did not check may make the backend answer per caller; so may a session cookie, which
        // a backend rarely marks private when it reads it, unless the route says its answers are the same for everyone.
        if (CacheControl.Has(request.CacheControl, "no-store")
            || (!policy.ChecksAuthorization && !policy.Options.CacheUnvalidatedAuthorization
                && (request.ContainsKey(HeaderNames.Authorization) || (!policy.Options.Public && request.ContainsKey(HeaderNames.Cookie)))))
        {
            Count(policy, "bypass");
            return ForwardAsync(context, policy);
        }

        return ServeAsync(context, policy);
    }

    private async Task ServeAsync(HttpContext context, RouteCachePolicy policy)
    {
        var key = CacheKey.For(context, policy);
        var now = time.GetUtcNow();
        var request = context.Request.Headers;
        var revalidate = CacheControl.Has(request.CacheControl, "no-cache")
            || (CacheControl.TryGetSeconds(request.CacheControl, "max-age", out var maxAge) && maxAge == 0)
            || (request.CacheControl.Count == 0 && CacheControl.Has(request.Pragma, "no-cache"));
        var entry = revalidate ? null : memory.Get(key, now) ?? await ReadSharedAsync(context, policy, key, now);
        if (entry is not null && entry.FreshUntil > now)
        {
            Count(policy, "hit");
            await WriteAsync(context, entry, now, stale: false);
            return;
        }

        var stale = entry is not null && policy.Options.StaleIfError is not null ? entry : null;
        if (!await AdmitDeferredQuotaAsync(context, policy))
        {
            return;
        }

        context.Response.Headers[CacheHeader] = "MISS";
        var original = context.Response.Body;
        var capture = new ResponseCaptureStream(original, context.Response, policy.Options.MaxEntryBytes, holdBackFailures: stale is not null);
        context.Response.Body = capture;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (stale is not null && (capture.HeldBack || ForwardFailed(context) || FailedWithoutBody(context.Response)))
        {
            Count(policy, "stale");
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            await WriteAsync(context, stale, now, stale: true);
            return;
        }

        Count(policy, "miss");
        if (capture.Body is { } body && ResponseCacheRules.Freshness(context.Response, policy) is { } freshness && context.Features.Get<IForwarderErrorFeature>() is null)
        {
            var stored = time.GetUtcNow();
            var response = new CachedResponse(
                context.Response.StatusCode, ResponseCacheRules.ReplayedHeaders(context.Response.Headers), body, stored, stored + freshness,
                stored + freshness + (policy.Options.StaleIfError ?? TimeSpan.Zero));
            memory.Set(key, response);
            if (policy.Options.Shared)
            {
                shared.Store(policy.RouteId, key, CacheKey.PathAndQuery(context.Request), response);
            }
        }
    }

    /// <summary>On a memory miss of a shared route, one read of the shared tier; what it finds is kept in memory too.</summary>
    private async ValueTask<CachedResponse?> ReadSharedAsync(HttpContext context, RouteCachePolicy policy, string key, DateTimeOffset now)
    {
        if (!policy.Options.Shared || await shared.GetAsync(policy.RouteId, key, context.RequestAborted) is not { } entry || entry.KeepUntil < now)
        {
            return null;
        }

        memory.Set(key, entry);
        return entry;
    }

    private async Task ForwardAsync(HttpContext context, RouteCachePolicy policy)
    {
        if (await AdmitDeferredQuotaAsync(context, policy))
        {
            context.Response.Headers[CacheHeader] = "MISS";
            await next(context);
        }
    }

    /// <summary>Counts the quota the policy step left to the cache on routes whose hits do not count against it.</summary>
    private ValueTask<bool> AdmitDeferredQuotaAsync(HttpContext context, RouteCachePolicy policy) =>
        policy.Options.CountHitsAgainstQuota
            ? ValueTask.FromResult(true)
            : enforcer.AdmitDeferredQuotaAsync(context, policies.Resolve(context.GetReverseProxyFeature().Route.Config));

    /// <summary>Forwarding failed with nothing sent yet, and not because the client left.</summary>
    private static bool ForwardFailed(HttpContext context)
    {
        if (context.Response.HasStarted || context.Features.Get<IForwarderErrorFeature>() is not { } error)
        {
            return false;
        }

        var routeTimedOut = context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
        return routeTimedOut || error.Error is not (ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled);
    }

    /// <summary>A 5xx with an empty body never wrote, so it was not held back, but has not started either.</summary>
    private static bool FailedWithoutBody(HttpResponse response) => !response.HasStarted && ResponseCacheRules.IsFailure(response.StatusCode);

    private static async Task WriteAsync(HttpContext context, CachedResponse entry, DateTimeOffset now, bool stale)
    {
        var response = context.Response;
        response.StatusCode = entry.Status;
        foreach (var (name, values) in entry.Headers)
        {
            response.Headers[name] = new StringValues(values);
        }

        var age = Math.Max(0, (long)(now - entry.StoredAt).TotalSeconds);
        response.Headers.Age = age.ToString(CultureInfo.InvariantCulture);
        response.Headers[CacheHeader] = stale ? "STALE" : "HIT";
        if (stale)
        {
            response.Headers.Warning = StaleWarning;
        }

        if (HttpMethods.IsHead(context.Request.Method) || entry.Body.Length == 0)
        {
            return;
        }

        response.ContentLength = entry.Body.Length;

        // A stale answer to a request the route timeout ended is still wanted; the timeout token would stop the write.
        await response.Body.WriteAsync(entry.Body, stale ? CancellationToken.None : context.RequestAborted);
    }

    private void Count(RouteCachePolicy policy, string result) =>
        metrics.CacheLookups.Add(1, new KeyValuePair<string, object?>(GatewayTelemetry.RouteTag, policy.RouteId), new KeyValuePair<string, object?>("result", result));
}
