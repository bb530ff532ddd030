using Microsoft.Azure.Functions.Worker.Builder;
using Serverless.Orders.Telemetry;

namespace Serverless.Orders.Hosting;

/// <summary>The orders service as the Functions host's .NET isolated worker, with ASP.NET Core integration for its HTTP functions.</summary>
public static class FunctionsOrdersApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddOrdersService(builder.Configuration, OrdersHostingMode.FunctionsHost);
        builder.Services.AddOrdersTelemetry(builder.Configuration, builder.Logging);
        builder.Services.AddProblemDetails();
        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }
}
