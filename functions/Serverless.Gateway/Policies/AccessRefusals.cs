using Serverless.Gateway.Problems;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Policies;

/// <summary>Refusals for where a request comes from (client address, origin), counted as every policy refusal is.</summary>
public static class AccessRefusals
{
    public static Task IpNotAllowedAsync(HttpContext context, GatewayMetrics metrics, string routeId, string detail) =>
        RefuseAsync(context, metrics, routeId, ProblemCodes.IpNotAllowed, "Address not allowed", detail);

    public static Task OriginNotAllowedAsync(HttpContext context, GatewayMetrics metrics, string routeId, string detail) =>
        RefuseAsync(context, metrics, routeId, ProblemCodes.OriginNotAllowed, "Origin not allowed", detail);

    private static Task RefuseAsync(HttpContext context, GatewayMetrics metrics, string routeId, string code, string title, string detail)
    {
        metrics.Refusals.Add(1, new KeyValuePair<string, object?>(GatewayTelemetry.RouteTag, routeId), new KeyValuePair<string, object?>("code", code));
        return GatewayProblems.WriteAsync(context, StatusCodes.Status403Forbidden, code, title, detail);
    }
}
