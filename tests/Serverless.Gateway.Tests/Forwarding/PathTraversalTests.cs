using System.Net;
using System.Net.Sockets;
using System.Text;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class PathTraversalTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BackendServer _api = null!;
    private BackendServer _admin = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _api = await BackendServer.StartAsync("api");
        _admin = await BackendServer.StartAsync("admin");
        _gateway = await GatewayTestServer.StartAsync(azurite, new GatewaySettings()
            .Backend("api", _api.Address)
            .Backend("admin", _admin.Address)
            .Route("api", "/api/a/{**rest}", "api")
            .Route("admin", "/admin/{**rest}", "admin", ("Methods:0", "DELETE"))
            .Build());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _api.DisposeAsync();
        await _admin.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/a/../../admin/users")]
    [InlineData("/api/a/%2e%2e/%2e%2e/admin/users")]
    [InlineData("/api/a/.%2E/.%2e/admin/users")]
    public async Task Dot_segments_are_resolved_before_routing_so_they_cannot_reach_a_route_that_does_not_cover_them(string target)
    {
        var status = await SendRawAsync(target);

        Assert.NotEqual(200, status);
        Assert.Equal(0, _api.RequestCount);
        Assert.Equal(0, _admin.RequestCount);
    }

    [Theory]
    [InlineData("/api/a/..%2F..%2Fadmin/users")]
    [InlineData("/api/a/..%2f..%2fadmin")]
    [InlineData("/api/a/..%5C..%5Cadmin")]
    [InlineData("/api/a/%252e%252e/admin")]
    public async Task Encoded_separators_and_percent_signs_are_refused_with_invalid_path(string target)
    {
        var response = await _gateway.Client.GetAsync(new Uri(new Uri(_gateway.Address), new Uri(target, UriKind.Relative)));

        await Routing.GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_path");
        Assert.Equal(0, _api.RequestCount);
        Assert.Equal(0, _admin.RequestCount);
    }

    [Theory]
    [InlineData("/api/a/..;/admin/users")]
    [InlineData("/api/a/.;/x")]
    [InlineData("/api/a/..;jsessionid=1/admin")]
    [InlineData("/api/a/.;v=2/x")]
    [InlineData("/api/a/%2e%2e;/admin")]
    [InlineData("/api/a/.%2E;/admin")]
    [InlineData("/api/a/%2e;/x")]
    [InlineData("/api/a/..%3b/admin")]
    [InlineData("/api/a/b/..;")]
    public async Task Dot_segments_with_path_parameters_are_refused_with_invalid_path(string target)
    {
        // Tomcat, Jetty and Spring drop ";params" before resolving dots, so /api/a/..;/admin is /api/admin to them.
        var response = await RawHttp.GetAsync(_gateway.Address, target);

        response.AssertProblem(400, "invalid_path");
        Assert.Equal(0, _api.RequestCount);
        Assert.Equal(0, _admin.RequestCount);
    }

    [Fact]
    public async Task A_path_parameter_on_an_ordinary_segment_is_still_forwarded()
    {
        var response = await RawHttp.GetAsync(_gateway.Address, "/api/a/items;v=2/..x;y");

        Assert.Equal(200, response.Status);
        Assert.Equal("/api/a/items;v=2/..x;y", Assert.Single(_api.Requests).Path);
    }

    [Fact]
    public async Task An_encoded_nul_is_refused_before_it_reaches_any_backend()
    {
        var status = await SendRawAsync("/api/a/x%00y");

        Assert.Equal(400, status);
        Assert.Equal(0, _api.RequestCount);
    }

    [Fact]
    public async Task A_normal_path_under_the_route_is_forwarded()
    {
        var status = await SendRawAsync("/api/a/b/./c/../d");

        Assert.Equal(200, status);
        Assert.Equal("/api/a/b/d", Assert.Single(_api.Requests).Path);
    }

    private async Task<int> SendRawAsync(string target)
    {
        // HttpClient would normalise the dots itself; a raw socket sends the target exactly as an attacker would.
        var gateway = new Uri(_gateway.Address);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.Host, gateway.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream);
        var statusLine = await reader.ReadLineAsync() ?? string.Empty;
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
