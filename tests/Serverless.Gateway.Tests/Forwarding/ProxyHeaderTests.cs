using System.Net;
using System.Net.Sockets;
using System.Text;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class ProxyHeaderTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BackendServer _backend = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("backend", async context =>
        {
            if (context.Request.Path.StartsWithSegments("/fail"))
            {
                context.Response.StatusCode = 500;
                context.Response.Headers["X-Backend-Error"] = "yes";
                await context.Response.WriteAsync("backend's own error body");
                return;
            }

            if (context.Request.Path.StartsWithSegments("/missing"))
            {
                // Sent before the handler ends, so with no Content-Length: what the gateway's error pages would fill in.
                context.Response.StatusCode = 404;
                await context.Response.StartAsync();
                return;
            }

            context.Response.Headers["Connection"] = "X-Backend-Hop";
            context.Response.Headers["X-Backend-Hop"] = "meant for the gateway only";
            context.Response.Headers["X-Backend"] = "ok";
            await context.Response.WriteAsync("ok");
        });
        _gateway = await GatewayTestServer.StartAsync(
            azurite, new GatewaySettings().Backend("b", _backend.Address).Route("all", "/{**rest}", "b").Build());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Hop_by_hop_headers_are_not_forwarded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/h");
        request.Headers.Add("Connection", "X-Secret-Hop");
        request.Headers.Add("X-Secret-Hop", "hop");
        request.Headers.Add("Keep-Alive", "timeout=5");
        request.Headers.Add("Proxy-Connection", "keep-alive");
        request.Headers.TE.ParseAdd("trailers");
        request.Headers.Add("X-End-To-End", "kept");

        var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.False(seen.ContainsKey("Keep-Alive"));
        Assert.False(seen.ContainsKey("Proxy-Connection"));
        Assert.False(seen.ContainsKey("X-Secret-Hop"));
        Assert.Equal("kept", seen["X-End-To-End"]);
        Assert.Equal("ok", response.Headers.GetValues("X-Backend").Single());
        Assert.False(response.Headers.Contains("X-Backend-Hop"));
    }

    [Fact]
    public async Task Forwarded_headers_describe_the_original_request()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/f");
        request.Headers.Host = "public.example.com";

        await _gateway.Client.SendAsync(request);

        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.Equal("127.0.0.1", seen["X-Forwarded-For"]);
        Assert.Equal("http", seen["X-Forwarded-Proto"]);
        Assert.Equal("public.example.com", seen["X-Forwarded-Host"]);
        Assert.Equal(new Uri(_backend.Address).Authority, seen["Host"]);
    }

    [Fact]
    public async Task A_client_supplied_forwarded_for_header_is_not_trusted_by_default()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/spoof");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        await _gateway.Client.SendAsync(request);

        Assert.Equal("127.0.0.1", Assert.Single(_backend.Requests).Headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task The_callers_trace_id_reaches_the_backend_in_traceparent()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/t");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        // This process also hosts the gateway, whose tracing would rewrite the header of an instrumented client.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = _gateway.Client.BaseAddress };
        await client.SendAsync(request);

        var traceparent = Assert.Single(_backend.Requests).Headers["traceparent"];
        Assert.Equal(traceId, traceparent.Split('-')[1]);
    }

    [Fact]
    public async Task Backend_errors_pass_through_unchanged()
    {
        var response = await _gateway.Client.GetAsync("/fail");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("backend's own error body", await response.Content.ReadAsStringAsync());
        Assert.Equal("yes", response.Headers.GetValues("X-Backend-Error").Single());
    }

    [Fact]
    public async Task A_backends_empty_404_reaches_the_client_as_it_was_sent_not_as_the_gateways_route_not_found()
    {
        var response = await _gateway.Client.GetAsync("/missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Null(response.Content.Headers.ContentType);
    }

    [Theory]
    [InlineData("Host: ")]
    [InlineData("Host:    ")]
    public async Task An_empty_host_header_is_refused_with_400_problem_details_and_reaches_no_backend(string host)
    {
        var response = await RawHttp.SendAsync(_gateway.Address, $"GET /h HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n");

        response.AssertProblem(400, "invalid_host");
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task An_absolute_form_request_target_naming_another_host_still_goes_only_to_the_configured_backend()
    {
        await using var decoy = await BackendServer.StartAsync("decoy");
        var gateway = new Uri(_gateway.Address);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.Host, gateway.Port);
        await using var stream = tcp.GetStream();
        var raw = $"GET {decoy.Address}/steal HTTP/1.1\r\nHost: {new Uri(decoy.Address).Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(raw));
        using var reader = new StreamReader(stream);
        var statusLine = await reader.ReadLineAsync();

        Assert.StartsWith("HTTP/1.1 200", statusLine, StringComparison.Ordinal);
        Assert.Equal(0, decoy.RequestCount);
        Assert.Equal("/steal", Assert.Single(_backend.Requests).Path);
    }
}
