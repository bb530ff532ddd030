namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>The five targets of the load benchmark, in the order.</summary>
public static class LoadTargetIds
{
    public const string Direct = "direct";
    public const string GatewayPoliciesOn = "gateway";
    public const string GatewayPoliciesOff = "gateway-bare";
    public const string Yarp = "yarp";
    public const string Nginx = "nginx";

    public static readonly IReadOnlyList<string> All = [Direct, GatewayPoliciesOn, GatewayPoliciesOff, Yarp, Nginx];
}
