using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.LocalRun;

/// <summary>
/// The local run's telemetry view: the standalone Aspire dashboard, restored from its NuGet package, receives what a real
/// gateway process exports with the settings the local run gives it. Read back through the dashboard's telemetry API.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class DashboardProcessTests(AzuriteFixture azurite, LocalRunGatewayFixture fixture) : IClassFixture<LocalRunGatewayFixture>
{
    // Exporters send every second (traces) or five (metrics) in the local run; this is only how long a slow machine may take.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_dashboard_shows_the_gateway_s_span_of_a_proxied_request()
    {
        var local = await fixture.StartAsync(azurite);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/echo/telemetry-probe"))
        {
            // A sampled parent: the gateway keeps its caller's decision, and the trace id is this test's own.
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await local.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var dashboard = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = local.Dashboard.Address, Timeout = TimeSpan.FromSeconds(10) };
        var last = "no answer yet";
        await Eventually.TrueAsync(async () =>
        {
            using var response = await dashboard.GetAsync(new Uri($"/api/telemetry/traces/{traceId}", UriKind.Relative));
            last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            return response.StatusCode == HttpStatusCode.OK && SpanNames(last[(last.IndexOf(':', StringComparison.Ordinal) + 2)..]).Contains("GET /echo/{**rest}");
        }, Deadline, () => $"The dashboard did not show trace {traceId} with the gateway's span 'GET /echo/{{**rest}}' within {Deadline.TotalSeconds:0} s; last answer {last}");
    }

    [Fact]
    public async Task The_dashboard_lists_the_gateway_with_traces_metrics_and_logs()
    {
        var local = await fixture.StartAsync(azurite);
        using (var response = await local.Client.GetAsync(new Uri("/echo/metrics-probe", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var dashboard = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = local.Dashboard.Address, Timeout = TimeSpan.FromSeconds(10) };
        var last = "no answer yet";
        await Eventually.TrueAsync(async () =>
        {
            last = await dashboard.GetStringAsync(new Uri("/api/telemetry/resources", UriKind.Relative));
            using var resources = JsonDocument.Parse(last);
            return resources.RootElement.EnumerateArray().Any(resource =>
                resource.GetProperty("name").GetString() == "serverless-gateway"
                && resource.GetProperty("hasTraces").GetBoolean()
                && resource.GetProperty("hasMetrics").GetBoolean()
                && resource.GetProperty("hasLogs").GetBoolean());
        }, Deadline, () => $"The dashboard did not list serverless-gateway with traces, metrics and logs within {Deadline.TotalSeconds:0} s; last answer {last}");
    }

    /// <summary>The span names in an OTLP JSON document (resourceSpans, scopeSpans, spans).</summary>
    private static HashSet<string> SpanNames(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray()
            .SelectMany(resource => resource.GetProperty("scopeSpans").EnumerateArray())
            .SelectMany(scope => scope.GetProperty("spans").EnumerateArray())
            .Select(span => span.GetProperty("name").GetString() ?? string.Empty)
            .ToHashSet(StringComparer.Ordinal);
    }
}
