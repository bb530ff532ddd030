namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>The targets of the load benchmark: the five, and the gateway again with every trace kept.</summary>
public static class LoadTargetIds
{
    public const string Direct = "direct";
    public const string GatewayPoliciesOn = "gateway";
    public const string GatewayEveryTrace = "gateway-traced";
    public const string GatewayPoliciesOff = "gateway-bare";
    public const string Yarp = "yarp";
    public const string Nginx = "nginx";

    public static readonly IReadOnlyList<string> All = [Direct, GatewayPoliciesOn, GatewayEveryTrace, GatewayPoliciesOff, Yarp, Nginx];
}
