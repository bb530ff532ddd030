using Serverless.Gateway.AccessRules;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Policies;

/// <summary>
/// Where an authenticated caller may call from, as its API key says: its origins (a "publishable" key for browser apps
/// works only from the sites it was issued for) and its client address ranges. A key with origins needs an
/// <c>Origin</c> header on the list: a request without one is refused too, since browsers send it on the cross-origin
/// calls such a key is for. That stops other sites' pages using the key; it cannot stop a non-browser client that
/// writes the header itself, so a publishable key grants only what may be public.
/// </summary>
public sealed class CallerAccessCheck(GatewayMetrics metrics)
{
    /// <summary>Whether <paramref name="identity"/> may call from here; on refusal the Problem Details answer has been written.</summary>
    public async ValueTask<bool> AdmitAsync(HttpContext context, string routeId, CallerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.Access is not { } access)
        {
            return true;
        }

        if (access.Addresses is { } addresses && !addresses.Permits(context.Connection.RemoteIpAddress))
        {
            await AccessRefusals.IpNotAllowedAsync(context, metrics, routeId, "This API key may not be used from the client's address.");
            return false;
        }

        if (access.Origins is { } origins && !IsAllowed(origins, context.Request.Headers.Origin))
        {
            await AccessRefusals.OriginNotAllowedAsync(context, metrics, routeId,
                "This API key may be used only from the web origins it was issued for; the request's Origin header is missing or not one of them.");
            return false;
        }

        return true;
    }

    private static bool IsAllowed(OriginAllowList origins, Microsoft.Extensions.Primitives.StringValues origin) =>
        origin.Count == 1 && origins.IsAllowed(origin[0]);
}
