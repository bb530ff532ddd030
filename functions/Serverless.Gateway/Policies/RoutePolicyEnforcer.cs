using Serverless.Gateway.Auth;
using Serverless.Gateway.Problems;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Routing;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Policies;

/// <summary>
/// A route's policies, in order: authenticate, check scopes, rate-limit, then count against the plan's quotas. The
/// proxy's routes and the endpoints the gateway answers itself go through the same checks, so no endpoint is a way
/// around a limit. Everything here decides from memory; only an API key not yet cached costs a storage read.
/// </summary>
public sealed class RoutePolicyEnforcer(
    RouteAuthenticator authenticator,
    IRateLimiter rateLimiter,
    IQuotaTracker quotas,
    RateLimitReadiness readiness,
    LiveRateLimitingOptions rateLimiting,
    GatewayMetrics metrics,
    CallerAccessCheck callerAccess,
    RefusalRecorder refusals)
{
    /// <summary>Applies <paramref name="policy"/>; on refusal the Problem Details answer has been written.</summary>
    /// <returns>Whether the request may go on; its caller, if any, is then in <see cref="CallerIdentityFeature"/>.</returns>
    public async ValueTask<bool> AdmitAsync(HttpContext context, RoutePolicy policy)
    {
        CallerIdentity? identity = null;
        if (policy.Auth is { } auth)
        {
            var outcome = await authenticator.AuthenticateAsync(context, auth);
            if (outcome.Refusal is { } refusal)
            {
                await RefuseAsync(context, policy, refusal.Status, refusal.Code, refusal.Title, refusal.Detail, refusal.Challenge, null);
                return false;
            }

            identity = outcome.Identity;
            if (identity is not null)
            {
                context.Features.Set(new CallerIdentityFeature(identity));

                // On the span, not on metrics: tenants are unbounded, and the dashboards group 429s by them.
                RecordedSpan.Current?.SetTag(GatewayTelemetry.TenantTag, identity.Tenant).SetTag(GatewayTelemetry.PlanTag, identity.Plan);
                if (identity.Access is not null && !await callerAccess.AdmitAsync(context, policy.RouteId, identity))
                {
                    return false;
                }
            }
        }

        if (policy.RateLimitPolicy is not null && !await AdmitRateAsync(context, policy, identity))
        {
            return false;
        }

        return identity is null || policy.QuotaAfterCache || !rateLimiting.Current.Plans.ContainsKey(identity.Plan) || await AdmitQuotaAsync(context, policy, identity);
    }

    /// <summary>For a route whose response cache counts only misses: the quota check <see cref="AdmitAsync"/> left out.</summary>
    public async ValueTask<bool> AdmitDeferredQuotaAsync(HttpContext context, RoutePolicy policy) =>
        context.Features.Get<CallerIdentityFeature>()?.Identity is not { } identity || !rateLimiting.Current.Plans.ContainsKey(identity.Plan)
        || await AdmitQuotaAsync(context, policy, identity);

    private async Task<bool> AdmitRateAsync(HttpContext context, RoutePolicy policy, CallerIdentity? identity)
    {
        var name = policy.RateLimitPolicy!;
        if (name.Equals(GatewayOptionsValidator.PlanPolicy, StringComparison.OrdinalIgnoreCase))
        {
            // No identity or a plan without a policy: nothing to count against.
            if (identity is null || !rateLimiting.Current.Plans.TryGetValue(identity.Plan, out var plan) || plan.RateLimitPolicy is null)
            {
                return true;
            }

            name = plan.RateLimitPolicy;
        }

        if (!readiness.IsReady)
        {
            await readiness.WaitAsync(context.RequestAborted);
        }

        var decision = rateLimiter.Acquire(name, PartitionKey(context, policy, identity));
        RateLimitHeaders.Write(context.Response.Headers, decision);
        if (decision.IsAllowed)
        {
            return true;
        }

        // The quota never sees a request the rate limit refused; counted here, usage can say how many were refused.
        if (identity is not null)
        {
            quotas.CountRefused(identity.Tenant, identity.Plan);
        }

        var (status, code, title, detail) = decision.Reason == RateLimitRejection.StorageUnavailable
            ? (503, ProblemCodes.RateLimitUnavailable, "Rate limiting unavailable", "The rate limit cannot be checked right now; retry shortly.")
            : (429, ProblemCodes.RateLimited, "Too many requests",
                $"The rate limit of {decision.Limit} requests per {Describe(decision.Window)} (policy '{decision.Policy}') is used up.");
        Explain(context, policy, identity, RefusalExplanation.Of(decision, code));
        await RefuseAsync(context, policy, status, code, title, detail, null, decision.ResetAfter);
        return false;
    }

    private async Task<bool> AdmitQuotaAsync(HttpContext context, RoutePolicy policy, CallerIdentity identity)
    {
        if (!readiness.IsReady)
        {
            await readiness.WaitAsync(context.RequestAborted);
        }

        var decision = quotas.Acquire(identity.Tenant, identity.Plan);
        if (decision.Period != QuotaPeriod.None)
        {
            RateLimitHeaders.Write(context.Response.Headers, decision);
        }

        if (decision.IsAllowed)
        {
            return true;
        }

        var (status, code, title, detail) = decision.Reason == RateLimitRejection.StorageUnavailable
            ? (503, ProblemCodes.RateLimitUnavailable, "Quota unavailable", "The quota cannot be checked right now; retry shortly.")
            : (429, ProblemCodes.QuotaExceeded, "Quota exceeded",
                $"The {(decision.Period == QuotaPeriod.Day ? "daily" : "monthly")} quota of {decision.Limit} requests of plan '{decision.Plan}' is used up; it resets in {Describe(decision.ResetAfter)}.");
        Explain(context, policy, identity, RefusalExplanation.Of(decision, code));
        await RefuseAsync(context, policy, status, code, title, detail, null, decision.ResetAfter);
        return false;
    }

    /// <summary>Why a rate limit or quota refused: into the tenant's recent refusals, and the access-log record if the route keeps one.</summary>
    private void Explain(HttpContext context, RoutePolicy policy, CallerIdentity? identity, in RefusalExplanation explanation)
    {
        if (identity is not null)
        {
            refusals.Record(identity.Tenant, policy.RouteId, explanation);
        }

        context.Features.Get<AccessLogFeature>()?.Throttled(
            explanation.Kind, explanation.Policy, explanation.Window, explanation.Limit, explanation.Allowance, explanation.Admitted, explanation.IsSynced);
    }

    private static string PartitionKey(HttpContext context, RoutePolicy policy, CallerIdentity? identity)
    {
        var key = identity is null ? "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown")
            : policy.CountByApiKey ? identity.Tenant + "/" + identity.Subject
            : identity.Tenant;
        return policy.PerRoute ? key + "/" + policy.RouteId : key;
    }

    private Task RefuseAsync(HttpContext context, RoutePolicy policy, int status, string code, string title, string detail, string? challenge, TimeSpan? retryAfter)
    {
        metrics.Refusals.Add(1, new KeyValuePair<string, object?>(GatewayTelemetry.RouteTag, policy.RouteId), new KeyValuePair<string, object?>("code", code));
        if (challenge is not null)
        {
            context.Response.Headers.WWWAuthenticate = challenge;
        }

        return GatewayProblems.WriteAsync(context, status, code, title, detail, retryAfter);
    }

    private static string Describe(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => $"{span.TotalMilliseconds:0} ms",
        < 120 => $"{Math.Ceiling(span.TotalSeconds):0} s",
        < 7200 => $"{Math.Ceiling(span.TotalMinutes):0} min",
        _ => $"{Math.Ceiling(span.TotalHours):0} h",
    };
}
