using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Serverless.LocalRun;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Tests.Hosting;

public sealed class GatewayFunctionCatalogTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_catalog_the_function_json_files_come_from_is_the_running_apps_in_either_hosting_mode(bool underTheFunctionsHost)
    {
        string[] args = underTheFunctionsHost
            ? [$"--{GatewayHostingContext.CustomHandlerPortVariable}={LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}"]
            : [];
        await using var app = GatewayApplication.CreateBuilder(args).Build();

        var running = app.Services.GetRequiredService<FunctionCatalog>();

        Assert.Equal(GatewayFunctionCatalog.Default.Functions.Select(FunctionJson.Serialize), running.Functions.Select(FunctionJson.Serialize));
        Assert.Contains(running.Functions, static function => function.Name == GatewayHttpFunction.Name);
    }
}
