using Microsoft.AspNetCore.Http.Features;

namespace Serverless.Gateway.Forwarding.Mirroring;

/// <summary>
/// On mirrored routes, prepares a copy of a share of the admitted requests before forwarding and sends it to the
/// shadow backend once the caller has the primary's whole answer, so the shadow can neither delay nor change it. A
/// body is kept as the primary forward reads it, and only when its length is announced and within <c>MaxBodySize</c>.
/// </summary>
internal sealed class MirrorMiddleware(RequestDelegate next, MirrorPlanResolver resolver, MirrorSender sender, TimeProvider time)
{
    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        if (resolver.Resolve(route) is not { } plan || !plan.Samples())
        {
            return next(context);
        }

        var request = context.Request;
        MirrorBodyCapture? capture = null;
        if (request.ContentLength is { } length && length > 0)
        {
            if (length > plan.MaxBodySize || length > Array.MaxLength)
            {
                return Skip(context, plan);
            }

            capture = new MirrorBodyCapture(request.Body, (int)length);
        }
        else if (request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            return Skip(context, plan);
        }

        return ForwardThenMirrorAsync(context, plan, capture);
    }

    private async Task ForwardThenMirrorAsync(HttpContext context, MirrorPlan plan, MirrorBodyCapture? capture)
    {
        var copy = await sender.PrepareAsync(context, plan, capture?.Buffer);
        if (context.Response.HasStarted || context.Response.StatusCode != StatusCodes.Status200OK)
        {
            // A transform answered the request itself (an identity it refuses): that is the caller's answer, as it
            // would have been without the mirror, and there is nothing to compare.
            copy?.Dispose();
            return;
        }

        if (capture is not null)
        {
            context.Request.Body = capture;
        }

        var started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        catch
        {
            copy?.Dispose();
            throw;
        }

        if (copy is null)
        {
            return;
        }

        if (capture is { IsComplete: false })
        {
            // The primary did not read the whole body (its backend answered early, or the client went away): there is nothing whole to copy.
            copy.Dispose();
            sender.Count(plan, MirrorOutcome.SkippedBody);
            return;
        }

        var elapsed = time.GetElapsedTime(started);
        var status = context.Response.StatusCode;
        context.Response.OnCompleted(() =>
        {
            sender.Send(plan, copy, status, elapsed);
            return Task.CompletedTask;
        });
    }

    private Task Skip(HttpContext context, MirrorPlan plan)
    {
        sender.Count(plan, MirrorOutcome.SkippedBody);
        return next(context);
    }
}
