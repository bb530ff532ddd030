namespace Serverless.Gateway.Routing;

/// <summary>One validated revision of the gateway configuration.</summary>
public sealed record GatewayConfigSnapshot(GatewayOptions Options, long Revision);
