using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Hosting;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class TelemetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Request_spans_carry_the_route_and_the_hosts_invocation_id_and_metrics_count_requests_per_route()
    {
        var spans = new LockedCollection<Activity>();
        var metrics = new List<Metric>();
        await using var backend = await BackendServer.StartAsync("b");
        await using var gateway = await GatewayTestServer.StartAsync(
            azurite,
            new GatewaySettings().Backend("b", backend.Address).Route("items", "/items/{**rest}", "b").Set("Telemetry:SamplingRatio", "1").Set("Telemetry:Collect", "true").Build(),
            configure: builder => builder.Services
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))
                .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)));
        var invocationId = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/items/1");
        request.Headers.Add("x-ms-invocation-id", invocationId);

        await gateway.Client.SendAsync(request);
        gateway.Services.GetRequiredService<MeterProvider>().ForceFlush();

        // The server span ends just after the response is sent, so it may be exported a moment after the client has it.
        await Eventually.TrueAsync(() => spans.Any(span => span.Kind == ActivityKind.Server && span.GetTagItem("gateway.route") is "items"));
        var server = Assert.Single(spans, span => span.Kind == ActivityKind.Server && span.GetTagItem("gateway.route") is "items");
        Assert.Equal(invocationId, server.GetTagItem("faas.invocation_id"));
        Assert.Equal("b", server.GetTagItem("gateway.backend"));
        Assert.Contains(spans, span => span.Kind == ActivityKind.Client && span.TraceId == server.TraceId);
        var duration = Assert.Single(metrics, metric => metric.Name == "http.server.request.duration");
        var routes = new List<object?>();
        foreach (ref readonly var point in duration.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                if (tag.Key == "gateway.route")
                {
                    routes.Add(tag.Value);
                }
            }
        }

        Assert.Contains("items", routes);
    }

    [Fact]
    public async Task A_request_no_route_answers_still_carries_the_hosts_invocation_id()
    {
        var spans = new LockedCollection<Activity>();
        await using var gateway = await GatewayTestServer.StartAsync(
            azurite,
            new Dictionary<string, string?> { ["Telemetry:SamplingRatio"] = "1", ["Telemetry:Collect"] = "true" },
            configure: builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        var invocationId = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/route");
        request.Headers.Add("x-ms-invocation-id", invocationId);

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        await Eventually.TrueAsync(() => spans.Any(span => span.Kind == ActivityKind.Server && span.GetTagItem("faas.invocation_id") as string == invocationId),
            because: "The 404's request span does not carry the host's invocation id.");
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("1", true)]
    public async Task With_application_insights_configured_the_configured_sampling_ratio_still_decides(string ratio, bool recorded)
    {
        var spans = new LockedCollection<Activity>();
        await using var gateway = await GatewayTestServer.StartAsync(
            azurite,
            new Dictionary<string, string?>
            {
                // An unreachable ingestion endpoint: the exporter is configured as in Azure, and nothing leaves the machine.
                ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
                ["Telemetry:SamplingRatio"] = ratio,
            },
            configure: builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));

        for (var i = 0; i < 20; i++)
        {
            using var response = await gateway.Client.GetAsync(new Uri($"/sampled/{i}", UriKind.Relative));
        }

        int Sampled() => spans.Count(span => span.Kind == ActivityKind.Server && (span.GetTagItem("url.path") as string ?? "").StartsWith("/sampled/", StringComparison.Ordinal));
        if (recorded)
        {
            await Eventually.TrueAsync(() => Sampled() == 20, because: $"Only {Sampled()} of 20 request spans were recorded.");
        }
        else
        {
            // A span sampled out is decided when it starts, so none can turn up later.
            Assert.Equal(0, Sampled());
        }
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("http://127.0.0.1:9", null, true)]
    [InlineData(null, "true", true)]
    public async Task Traces_and_metrics_are_collected_only_when_something_exports_them_or_collecting_is_asked_for(string? otlp, string? collect, bool collected)
    {
        var settings = new GatewaySettings().Set("AzureWebJobsStorage", "UseDevelopmentStorage=true").Set("urls", "http://127.0.0.1:0");
        if (otlp is not null)
        {
            settings.Set("OTEL_EXPORTER_OTLP_ENDPOINT", otlp);
        }

        if (collect is not null)
        {
            settings.Set("Telemetry:Collect", collect);
        }

        await using var app = GatewayTestServer.Build(settings.Build());

        Assert.Equal(collected, app.Services.GetService<TracerProvider>() is not null);
        Assert.Equal(collected, app.Services.GetService<MeterProvider>() is not null);
    }
}
