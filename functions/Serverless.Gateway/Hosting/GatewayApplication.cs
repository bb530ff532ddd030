using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.Assertions;
using Serverless.Gateway.Events;
using Serverless.Gateway.Forwarding;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Health;
using Serverless.Gateway.Events.Queries;
using Serverless.Gateway.Problems;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Routing;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Telemetry;

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
        builder.Services.AddGatewayAuth();
        builder.Services.AddGatewayRateLimiting();
        builder.Services.AddGatewayHealth();
        builder.Services.AddGatewayTelemetry(builder.Configuration, builder.Logging);
        builder.Services.AddGatewayFunctions(hosting);
        builder.Services.AddGatewayOrders();
        builder.Services.AddGatewayEvents();
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
        app.UseGatewayStatusCodePages();
        app.UseMiddleware<RequestLimitsMiddleware>();
        app.UseMiddleware<HostHeaderMiddleware>();
        app.UseMiddleware<PathSafetyMiddleware>();
        app.UseRouting();
        app.UseRequestTimeouts();
        app.MapGatewayHealth();
        app.MapGatewayJwks();
        app.MapFunctionInvocations();
        if (app.Services.GetRequiredService<IOptions<OrdersOptions>>().Value.Enabled)
        {
            app.MapOrderQueriesV1();
        }

        app.MapGatewayProxy();
        return app;
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
