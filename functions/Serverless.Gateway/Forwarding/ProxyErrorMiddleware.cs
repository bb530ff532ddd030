using Microsoft.AspNetCore.Http.Timeouts;
using Serverless.Gateway.Problems;
using Serverless.Gateway.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// First step of the proxy pipeline: tags the request with its route and turns a failed forward into Problem Details
/// with a stable code.
/// </summary>
public sealed partial class ProxyErrorMiddleware(
    RequestDelegate next, BackendResilience pipelines, GatewayMetrics metrics, ILogger<ProxyErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        Tag(context, route.RouteId, route.ClusterId);
        await next(context);

        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted)
        {
            return;
        }

        // The route timeout cancels the request the same way a departing client does; only the timeout gets an answer.
        var routeTimedOut = context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
        if (!routeTimedOut && error.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled)
        {
            return;
        }

        var backend = route.ClusterId ?? string.Empty;
        var (status, code, title, detail) = Classify(error, routeTimedOut, backend);
        var exceptionType = error.Exception?.GetType().Name;
        if (status < StatusCodes.Status500InternalServerError)
        {
            LogNotForwarded(logger, route.RouteId, backend, error.Error, code, exceptionType);
        }
        else
        {
            LogForwardFailed(logger, route.RouteId, backend, error.Error, code, exceptionType);
        }

        metrics.ProxyErrors.Add(
            1, new KeyValuePair<string, object?>(GatewayTelemetry.RouteTag, route.RouteId), new KeyValuePair<string, object?>("code", code));

        var retryAfter = status == StatusCodes.Status503ServiceUnavailable ? pipelines.RetryAfter(backend) ?? TimeSpan.FromSeconds(1) : (TimeSpan?)null;
        context.Response.Clear();
        await GatewayProblems.WriteAsync(context, status, code, title, detail, retryAfter);
    }

    private static void Tag(HttpContext context, string routeId, string? backend)
    {
        RecordedSpan.Current?.SetTag(GatewayTelemetry.RouteTag, routeId).SetTag(GatewayTelemetry.BackendTag, backend);

        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMetricsTagsFeature>()?.Tags
            .Add(new KeyValuePair<string, object?>(GatewayTelemetry.RouteTag, routeId));
    }

    private static (int Status, string Code, string Title, string Detail) Classify(IForwarderErrorFeature error, bool routeTimedOut, string backend)
    {
        if (routeTimedOut || error.Error is ForwarderError.RequestTimedOut || error.Exception is BackendAttemptTimeoutException)
        {
            return (StatusCodes.Status504GatewayTimeout, ProblemCodes.BackendTimeout, "Backend timeout",
                $"Backend '{backend}' did not answer in time.");
        }

        // A chunked body crosses the route's limit while it is being copied to the backend, so Kestrel's refusal
        // arrives as a failed body copy (or, when the copy failure ended the send first, as a failed request).
        if (ForwardingFaults.IsBodyTooLarge(error.Exception))
        {
            return (StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, "Request body too large",
                "The request body is larger than this route accepts.");
        }

        return error.Error switch
        {
            ForwarderError.NoAvailableDestinations => (StatusCodes.Status503ServiceUnavailable, ProblemCodes.BackendUnavailable,
                "Backend unavailable", $"Every destination of backend '{backend}' is failing; retry later."),
            ForwarderError.RequestBodyClient => (StatusCodes.Status400BadRequest, ProblemCodes.BadRequest,
                "Bad request", "The request body could not be read from the client."),
            ForwarderError.RequestCreation => (StatusCodes.Status400BadRequest, ProblemCodes.BadRequest,
                "Bad request", "The request could not be turned into a request to the backend."),
            ForwarderError.Request when ForwardingFaults.WasRefusedBeforeSending(error.Exception) => (StatusCodes.Status400BadRequest,
                ProblemCodes.InvalidHeader, "Invalid header", "A request header cannot be passed on to the backend as it was sent."),
            ForwarderError.Request when error.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } =>
                (StatusCodes.Status502BadGateway, ProblemCodes.BackendUnreachable, "Backend unreachable", $"Backend '{backend}' could not be reached."),
            _ => (StatusCodes.Status502BadGateway, ProblemCodes.BadGateway, "Bad gateway", $"Backend '{backend}' failed to answer the request."),
        };
    }

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning, Message = "Forwarding on route {Route} to backend {Backend} failed with {Error} ({Code}, {ExceptionType})")]
    private static partial void LogForwardFailed(ILogger logger, string route, string backend, ForwarderError error, string code, string? exceptionType);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Information, Message = "Request on route {Route} to backend {Backend} not forwarded: {Error} on the client's side ({Code}, {ExceptionType})")]
    private static partial void LogNotForwarded(ILogger logger, string route, string backend, ForwarderError error, string code, string? exceptionType);
}
