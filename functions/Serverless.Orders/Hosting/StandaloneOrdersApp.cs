using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Serverless.Orders.Api;
using Serverless.Orders.Telemetry;

namespace Serverless.Orders.Hosting;

/// <summary>
/// The orders service on its own: ASP.NET Core serves the same endpoints the HTTP functions serve, and the same
/// orchestrator and activities run on the portable Durable Task worker through <see cref="DurableSidecar"/>.
/// </summary>
public static class StandaloneOrdersApp
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var builder = CreateBuilder(args);
        await using var sidecar = await StartSidecarAsync(builder.Configuration, cancellationToken);
        await using var app = Build(builder, sidecar);
        await app.RunAsync(cancellationToken);
        return 0;
    }

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(static kestrel => kestrel.AddServerHeader = false);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:7072");
        }

        builder.Services.AddOrdersService(builder.Configuration, OrdersHostingMode.Standalone);
        builder.Services.AddOrdersTelemetry(builder.Configuration, builder.Logging);
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static async Task<DurableSidecar> StartSidecarAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var options = configuration.GetSection(TaskHubOptions.SectionName).Get<TaskHubOptions>() ?? new TaskHubOptions();
        // The sidecar owns the factory and disposes it when it stops.
        var loggerFactory = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddConsole());
        return await DurableSidecar.StartOnAzureStorageAsync(options, StorageConnection.From(configuration), loggerFactory, cancellationToken);
    }

    /// <summary>The app, with the worker and client connected to <paramref name="sidecar"/>; the caller disposes the app before the sidecar.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, DurableSidecar sidecar)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sidecar);
        builder.Services.AddDurableTaskWorker(worker => worker.UseGrpc(sidecar.Channel).AddTasks(static registry => registry.AddOrderSagaTasks()));
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(sidecar.Channel));
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/healthz", static () => TypedResults.Ok("Healthy"));
        app.MapOrdersApiV1();
        return app;
    }
}
