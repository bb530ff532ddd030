using System.Net;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.Assertions;
using Serverless.Gateway.Caching;
using Serverless.Gateway.Composite;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.Events;
using Serverless.Gateway.Events.Queries;
using Serverless.Gateway.Forwarding;
using Serverless.Gateway.Forwarding.Canary;
using Serverless.Gateway.Forwarding.FleetHealth;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Health;
using Serverless.Gateway.Policies;
using Serverless.Gateway.Policies.Cors;
using Serverless.Gateway.Problems;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Revisions;
using Serverless.Gateway.Routing;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Telemetry;
using Serverless.Gateway.Triggers;
using Yarp.ReverseProxy.Model;

namespace Serverless.Gateway.Hosting;

/// <summary>Composes the gateway: the same builder serves both hosting modes, the tests and the local run.</summary>
public static class GatewayApplication
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        var hosting = GatewayHostingContext.Detect(builder.Configuration);
        if (hosting.Mode == HostingMode.Standalone)
        {
            builder.Configuration.AddStandaloneSources(builder.Configuration["config"]);
        }

        // Above every bootstrap source: a published revision replaces the sections it holds.
        builder.Services.AddGatewayConfigurationRevisions(builder.Configuration);

        var hostingOptions = builder.Configuration.GetSection(GatewayHostingOptions.SectionName).Get<GatewayHostingOptions>() ?? new();
        builder.Services.AddSingleton(hosting);
        builder.Services.AddOptions<GatewayHostingOptions>().BindConfiguration(GatewayHostingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = hostingOptions.DrainTimeout);
        ConfigureKestrel(builder, hosting, hostingOptions);
        ConfigureForwardedHeaders(builder, hosting, hostingOptions);

        builder.Services.AddGatewayProblems();
        builder.Services.AddGatewayStorage();
        builder.Services.AddGatewayRouting();
        builder.Services.AddGatewayForwarding();
        builder.Services.AddGatewayFleetHealth();
        builder.Services.AddGatewayCanary();
        builder.Services.AddGatewayAuth();
        builder.Services.AddGatewayPolicies();
        builder.Services.AddGatewayCaching();
        builder.Services.AddGatewayComposite();
        builder.Services.AddGatewayRateLimiting();
        builder.Services.AddGatewayHealth();
        builder.Services.AddGatewayTelemetry(builder.Configuration, builder.Logging);
        builder.Services.AddGatewayFunctionFeatures();
        builder.Services.AddGatewayOrders();
        AddHostingMode(builder.Services, hosting);
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        // With no trusted proxy listed the middleware would trust every sender, so it only runs when one is.
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseMiddleware<HostInvocationMiddleware>();
        app.UseExceptionHandler();
        app.UseMiddleware<RequestLimitsMiddleware>();
        app.UseMiddleware<HostHeaderMiddleware>();
        app.UseMiddleware<PathSafetyMiddleware>();
        app.UseRouting();

        // A backend's own error responses pass through unchanged, so a proxied request never needs the error pages, and
        // skipping them spares it an async frame; the steps before routing answer with Problem Details themselves.
        app.UseWhen(static context => context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is null, static pages => pages.UseGatewayStatusCodePages());

        // CORS has nothing to do for a request without an Origin to an endpoint without a CORS policy, and the middleware
        // would still record in the request's items that it ran.
        app.UseWhen(
            static context => context.Request.Headers.ContainsKey(HeaderNames.Origin) || context.GetEndpoint()?.Metadata.GetMetadata<ICorsMetadata>() is not null,
            static cors => cors.UseGatewayCors());
        app.UseRequestTimeouts();
        app.MapGatewayHealth();
        app.MapGatewayJwks();
        if (app.Services.GetRequiredService<GatewayHostingContext>().Mode == HostingMode.FunctionsHost)
        {
            // Standalone, the in-process trigger runtime invokes the functions, and no HTTP client must ever be able to.
            app.MapFunctionInvocations();
        }

        if (app.Services.GetRequiredService<IOptions<OrdersOptions>>().Value.Enabled)
        {
            app.MapOrderQueriesV1();
        }

        app.MapGatewayProxy(ProxyPipeline.Configure);
        return app;
    }

    /// <summary>What differs between the hosting modes, decided here so that no feature asks which mode it runs in.</summary>
    private static void AddHostingMode(IServiceCollection services, GatewayHostingContext hosting)
    {
        if (hosting.Mode == HostingMode.Standalone)
        {
            // The in-process trigger runtime drives the functions; it maps topic subscriptions onto Storage queues, whose
            // dequeue limit is then what dead-letters an event.
            services.AddStandaloneTriggers();
            services.Replace(ServiceDescriptor.Singleton<IEventDeliveryLimit, QueueTriggerEventDeliveryLimit>());
        }
        else
        {
            // Every instance would generate its own signing key, and backends fetch the keys from whichever instance answers.
            services.Configure<EphemeralSigningKeyOptions>(ephemeral => ephemeral.Allowed = false);
        }
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, GatewayHostingContext hosting, GatewayHostingOptions options)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // Above the gateway's own limits, which answer with Problem Details (RequestLimitsMiddleware).
            kestrel.Limits.MaxRequestLineSize = RequestLimits.KestrelMaxRequestLineSize;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimits.KestrelMaxRequestHeadersTotalSize;
            kestrel.Limits.MaxRequestHeaderCount = RequestLimits.KestrelMaxRequestHeaderCount;
        });
        if (hosting.CustomHandlerPort is { } port)
        {
            // The host reaches the app over loopback only; nothing else should.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        }
        else if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(options.Urls);
        }
    }

    private static void ConfigureForwardedHeaders(WebApplicationBuilder builder, GatewayHostingContext hosting, GatewayHostingOptions options)
    {
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            if (hosting.Mode == HostingMode.FunctionsHost)
            {
                forwarded.KnownProxies.Add(IPAddress.Loopback);
                forwarded.KnownProxies.Add(IPAddress.IPv6Loopback);
            }

            foreach (var proxy in options.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
    }
}
