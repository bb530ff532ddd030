namespace Serverless.Gateway.Functions;

/// <summary>
/// The one HTTP function: a catch-all that makes the Functions host proxy every client request to the gateway unchanged.
/// It has no handler because the host streams the request to the app's own routes instead of invoking it.
/// </summary>
public static class GatewayHttpFunction
{
    public const string Name = "Gateway";

    public static FunctionDescriptor Descriptor { get; } = new(Name,
    [
        FunctionBinding.HttpTrigger("req", "anonymous", ["get", "post", "put", "patch", "delete", "head", "options"], "{*path}"),
        FunctionBinding.HttpOutput("res"),
    ]);
}
