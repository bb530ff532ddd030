using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Serverless.Orders.Telemetry;

public static class OrdersTelemetryServiceCollectionExtensions
{
    /// <summary>The Durable Task SDK's spans: orchestrations and activities, parented to the request that started them.</summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    /// <summary>
    /// OpenTelemetry traces, metrics and logs: to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is
    /// set (as the app's managed identity when <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> names one), and to OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static OpenTelemetryBuilder AddOrdersTelemetry(this IServiceCollection services, IConfiguration configuration, ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var clientId = ClientIdOf(configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        void Configure(AzureMonitorExporterOptions exporter)
        {
            exporter.ConnectionString = appInsights;
            exporter.Credential = clientId is null ? null : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "serverless-orders"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(DurableTaskSource).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    tracing.AddAzureMonitorTraceExporter(Configure);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OrdersMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "System.Net.Http");
                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    metrics.AddAzureMonitorMetricExporter(Configure);
                }
            });
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.UseOtlpExporter();
        }

        if (!string.IsNullOrWhiteSpace(appInsights))
        {
            logging.AddOpenTelemetry(log => log.AddAzureMonitorLogExporter(Configure));
        }

        return builder;
    }

    private static string? ClientIdOf(string? authentication) =>
        authentication?.Split(';').Select(static part => part.Split('=', 2))
            .FirstOrDefault(static pair => pair.Length == 2 && pair[0].Trim().Equals("ClientId", StringComparison.OrdinalIgnoreCase))?[1];
}
