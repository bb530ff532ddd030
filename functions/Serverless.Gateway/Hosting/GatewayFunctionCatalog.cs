using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Hosting;

/// <summary>
/// The gateway's functions without a running app: the catalog that the app's own registrations build
/// (<see cref="GatewayFeatures.AddGatewayFunctionFeatures"/>), for writing and checking the function.json files.
/// Which functions exist does not depend on configuration or hosting mode: the host reads the files at deployment.
/// </summary>
internal static class GatewayFunctionCatalog
{
    public static FunctionCatalog Default { get; } = Build();

    private static FunctionCatalog Build()
    {
        using var services = new ServiceCollection().AddGatewayFunctionFeatures().BuildServiceProvider();
        return services.GetRequiredService<FunctionCatalog>();
    }
}
