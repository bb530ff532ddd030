namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>
/// The targets of the load benchmark: the direct call, the gateway with every policy on and with every policy off, bare
/// YARP and nginx; the gateway again with every trace kept; the gateway with CORS, the access log, a canary split or the
/// identity assertion on, whose difference to the plain gateway is what each feature costs; and the gateway with the
/// route's response cache on, every measured request a hit, against which the plain gateway's proxied request is set.
/// </summary>
public static class LoadTargetIds
{
    public const string Direct = "direct";
    public const string GatewayPoliciesOn = "gateway";
    public const string GatewayEveryTrace = "gateway-traced";
    public const string GatewayCors = "gateway-cors";
    public const string GatewayAccessLog = "gateway-logged";
    public const string GatewayCached = "gateway-cached";
    public const string GatewayCanary = "gateway-canary";
    public const string GatewayAssertion = "gateway-asserted";
    public const string GatewayPoliciesOff = "gateway-bare";
    public const string Yarp = "yarp";
    public const string Nginx = "nginx";

    public static readonly IReadOnlyList<string> All = [Direct, GatewayPoliciesOn, GatewayEveryTrace, GatewayCors, GatewayAccessLog, GatewayCanary, GatewayAssertion, GatewayCached, GatewayPoliciesOff, Yarp, Nginx];
}
