using Microsoft.AspNetCore.Http.Features;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Policies;

/// <summary>
/// First step of the proxy pipeline: on routes with <c>AccessLog</c> on, writes one access-log record once the rest of the
/// pipeline returned, whether the request was forwarded, refused or failed. Other routes cost one lookup of the route's
/// resolved policy. Bytes are the request's and response's <c>Content-Length</c> when it says them; a body without one
/// (chunked, streamed, or Problem Details the gateway writes) is counted as it passes.
/// </summary>
public sealed class AccessLogMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RoutePolicyResolver _resolver;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AccessLogMiddleware(RequestDelegate next, RoutePolicyResolver resolver, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _next = next;
        _resolver = resolver;
        _time = time;
        _logger = loggers.CreateLogger(AccessLog.Category);
    }

    public Task InvokeAsync(HttpContext context) =>
        _resolver.Resolve(context.GetReverseProxyFeature().Route.Config).AccessLog ? LogAsync(context) : _next(context);

    private async Task LogAsync(HttpContext context)
    {
        var started = _time.GetTimestamp();
        var record = new AccessLogFeature();
        context.Features.Set(record);
        var requestBody = CountUnknownRequestBody(context);

        // Wrapped for every logged response: whether it will say its length is known only once it starts.
        var responseBody = new ByteCountingStream(context.Response.Body);
        context.Response.Body = responseBody;

        // Restored when this method returns: only this request's own flow sees it.
        AccessLogFeature.Current = record;
        var failed = true;
        try
        {
            await _next(context);
            failed = false;
        }
        finally
        {
            Write(context, record, Math.Round(_time.GetElapsedTime(started).TotalMilliseconds, 2), failed, requestBody, responseBody);
        }
    }

    private static ByteCountingStream? CountUnknownRequestBody(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is not null || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            return null;
        }

        var counted = new ByteCountingStream(request.Body);
        request.Body = counted;
        return counted;
    }

    private void Write(HttpContext context, AccessLogFeature record, double latencyMs, bool failed, ByteCountingStream? requestBody, ByteCountingStream responseBody)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var request = context.Request;
        var response = context.Response;

        // An exception still on its way out becomes the exception handler's 500, unless the response already started.
        var status = failed && !response.HasStarted ? StatusCodes.Status500InternalServerError : response.StatusCode;
        var proxy = context.GetReverseProxyFeature();
        var route = proxy.Route.Config.RouteId;
        var identity = context.Features.Get<CallerIdentityFeature>()?.Identity;
        var destination = proxy.ProxiedDestination?.DestinationId ?? "-";
        var bytesIn = request.ContentLength ?? requestBody?.Count ?? 0;
        var bytesOut = response.ContentLength is { } length && !HttpMethods.IsHead(request.Method) ? length : responseBody.Count;
        if (record.LimitPolicy is { } policy)
        {
            AccessLog.Throttled(
                _logger, request.Method, route, status, latencyMs, identity?.Tenant ?? "-", identity?.Subject ?? "-", record.ProblemCode ?? "-", record.LimitKind!, policy,
                record.Limit, record.LimitWindow, record.LimitAllowance, record.LimitAdmitted, record.Limiter, destination, record.Retries, bytesIn, bytesOut);
        }
        else
        {
            AccessLog.Served(
                _logger, request.Method, route, status, latencyMs, identity?.Tenant ?? "-", identity?.Subject ?? "-", destination, record.Retries, record.ProblemCode ?? "-", bytesIn, bytesOut);
        }
    }
}
