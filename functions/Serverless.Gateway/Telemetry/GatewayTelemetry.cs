namespace Serverless.Gateway.Telemetry;

/// <summary>Names shared by the gateway's traces, metrics and tags.</summary>
public static class GatewayTelemetry
{
    public const string ActivitySourceName = "Serverless.Gateway";
    public const string RouteTag = "gateway.route";
    public const string BackendTag = "gateway.backend";
    public const string DestinationTag = "gateway.destination";
    public const string TenantTag = "gateway.tenant";
    public const string PlanTag = "gateway.plan";

    /// <summary>The Functions host's invocation id (<c>x-ms-invocation-id</c> on proxied requests), for joining host and app telemetry.</summary>
    public const string InvocationIdTag = "faas.invocation_id";
}
