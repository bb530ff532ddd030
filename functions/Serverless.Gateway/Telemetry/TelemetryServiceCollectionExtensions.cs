using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Serverless.Gateway.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    private const string AppInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    private const string AppInsightsAuthentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// OpenTelemetry traces, metrics and logs: to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>
    /// is set (Entra ID auth when <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> is <c>Authorization=AAD;ClientId=...</c>),
    /// to OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and to the console when <c>Telemetry:Console</c> is true.
    /// With none of them (and <c>Telemetry:Collect</c> not set), nothing is collected.
    /// </summary>
    public static OpenTelemetryBuilder AddGatewayTelemetry(this IServiceCollection services, IConfiguration configuration, ILoggingBuilder logging)
    {
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        services.TryAddSingleton<GatewayMetrics>();

        var appInsights = configuration[AppInsightsConnectionString];
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var builder = services.AddOpenTelemetry();
        if (!(options.Collect ?? (otlp || options.Console || !string.IsNullOrWhiteSpace(appInsights))))
        {
            return builder;
        }

        var credential = CreateCredential(configuration[AppInsightsAuthentication]);

        builder
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.SetSampler(services => new ParentBasedSampler(options.SamplingRatio is { } ratio
                        ? new TraceIdRatioBasedSampler(ratio)
                        : new RateLimitedSampler(options.TracesPerSecond, services.GetService<TimeProvider>() ?? TimeProvider.System)))
                    .AddSource(GatewayTelemetry.ActivitySourceName)
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = static context => !IsProbe(context.Request.Path))
                    .AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    tracing.AddAzureMonitorTraceExporter(exporter =>
                    {
                        Configure(exporter, appInsights, credential);

                        // The exporter replaces the tracer's sampler with its own, so the configured sampling has to be
                        // handed to it as well: a ratio when one is set, otherwise the rate.
                        exporter.SamplingRatio = (float)(options.SamplingRatio ?? 1.0);
                        exporter.TracesPerSecond = options.SamplingRatio is null ? options.TracesPerSecond : null;
                    });
                }

                if (options.Console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(GatewayMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http")
                    .AddRuntimeInstrumentation();
                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    metrics.AddAzureMonitorMetricExporter(exporter => Configure(exporter, appInsights, credential));
                }

                if (options.Console)
                {
                    metrics.AddConsoleExporter();
                }
            });

        if (otlp)
        {
            builder.UseOtlpExporter();
        }

        if (!string.IsNullOrWhiteSpace(appInsights))
        {
            logging.AddOpenTelemetry(log =>
            {
                log.IncludeFormattedMessage = true;
                log.AddAzureMonitorLogExporter(exporter =>
                {
                    Configure(exporter, appInsights, credential);

                    // By default the exporter drops every log record written inside a trace the sampler did not keep, which
                    // at a few traces a second would be nearly every access-log record. Log levels bound what is sent instead.
                    exporter.EnableTraceBasedLogsSampler = false;
                });
            });
        }

        return builder;
    }

    private static bool IsProbe(PathString path) =>
        path.Equals("/healthz", StringComparison.OrdinalIgnoreCase) || path.Equals("/readyz", StringComparison.OrdinalIgnoreCase);

    private static void Configure(AzureMonitorExporterOptions exporter, string connectionString, TokenCredential? credential)
    {
        exporter.ConnectionString = connectionString;
        exporter.Credential = credential;
    }

    /// <summary>Application Insights with local authentication disabled accepts only Entra ID tokens, from the app's managed identity.</summary>
    private static ManagedIdentityCredential? CreateCredential(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication) || !authentication.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var clientId = authentication.Split(';')
            .Select(part => part.Split('=', 2))
            .FirstOrDefault(pair => pair.Length == 2 && pair[0].Trim().Equals("ClientId", StringComparison.OrdinalIgnoreCase))?[1];
        return clientId is null
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }
}
