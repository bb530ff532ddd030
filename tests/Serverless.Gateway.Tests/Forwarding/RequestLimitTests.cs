using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding;

/// <summary>
/// The gateway's own request limits answer with Problem Details; Kestrel's, set higher, only catch what goes well
/// beyond them, and answer before any application code runs, with an empty body (as docs/errors.md lists).
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class RequestLimitTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BackendServer _backend = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("echo");
        _gateway = await GatewayTestServer.StartAsync(azurite, new GatewaySettings().Backend("echo", _backend.Address).Route("all", "/{**rest}", "echo").Build());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task A_request_target_over_8_KiB_answers_414_problem_details()
    {
        var response = await RawHttp.GetAsync(_gateway.Address, "/x?q=" + new string('a', 8 * 1024));

        response.AssertProblem(414, "uri_too_long");
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task Request_headers_over_32_KiB_answer_431_problem_details()
    {
        var headers = Enumerable.Range(0, 5).Select(i => $"X-Big-{i}: {new string('a', 7 * 1024)}").ToArray();

        var response = await RawHttp.GetAsync(_gateway.Address, "/x", headers);

        response.AssertProblem(431, "headers_too_large");
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task More_than_100_request_header_lines_answer_431_problem_details()
    {
        var headers = Enumerable.Range(0, 120).Select(i => $"X-Many-{i}: {i}").ToArray();

        var response = await RawHttp.GetAsync(_gateway.Address, "/x", headers);

        response.AssertProblem(431, "headers_too_large");
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task A_request_just_within_the_limits_is_forwarded()
    {
        var headers = Enumerable.Range(0, 4).Select(i => $"X-Big-{i}: {new string('a', 7 * 1024)}").ToArray();

        var response = await RawHttp.GetAsync(_gateway.Address, "/x?q=" + new string('a', 7 * 1024), headers);

        Assert.Equal(200, response.Status);
        Assert.Equal(1, _backend.RequestCount);
    }

    [Theory]
    [InlineData("GET /x HTTP/1.1 extra\r\nHost: localhost\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.2\r\nHost: localhost\r\n\r\n", 505)]
    [InlineData("GET /x HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400)]
    public async Task Requests_kestrel_cannot_parse_get_its_empty_answer(string request, int status)
    {
        var response = await RawHttp.SendAsync(_gateway.Address, request);

        Assert.Equal(status, response.Status);
        Assert.Equal(string.Empty, response.Body);
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task Beyond_kestrels_own_limits_the_answer_is_empty()
    {
        var longLine = await RawHttp.GetAsync(_gateway.Address, "/x?q=" + new string('a', 17 * 1024));
        var hugeHeaders = await RawHttp.GetAsync(_gateway.Address, "/x", Enumerable.Range(0, 10).Select(i => $"X-Big-{i}: {new string('a', 7 * 1024)}").ToArray());
        var invalidUtf8 = await RawHttp.SendAsync(_gateway.Address, "GET /x HTTP/1.1\r\nHost: localhost\r\nX-Latin1: Jos", [0xE9], "\r\n\r\n"u8.ToArray());

        Assert.Equal((414, string.Empty), (longLine.Status, longLine.Body));
        Assert.Equal((431, string.Empty), (hugeHeaders.Status, hugeHeaders.Body));
        Assert.Equal(400, invalidUtf8.Status);
        Assert.Equal(0, _backend.RequestCount);
    }
}
