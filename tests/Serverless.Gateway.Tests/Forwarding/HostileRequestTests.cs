using System.Text;
using Serverless.Gateway.Tests.Auth.Jwt;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding;

/// <summary>
/// Requests a client can send on purpose to make forwarding fail. Whatever they get, it is the client's failure: the
/// healthy backend's circuit must stay closed for everyone else.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class HostileRequestTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Backend = "healthy";
    private const int BodyLimit = 1000;

    private CircuitTransitionRecorder _transitions = null!;
    private BackendServer _backend = null!;
    private TestIdentityProvider _identityProvider = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _transitions = new CircuitTransitionRecorder(Backend);
        _backend = await BackendServer.StartAsync(Backend, async context =>
        {
            // Reads the whole body first, so a body the gateway cuts off cannot be answered before it fails.
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            await context.Response.WriteAsync("ok");
        });
        _identityProvider = await TestIdentityProvider.StartAsync();
        var settings = new GatewaySettings()
            .Backend(Backend, _backend.Address)
            .Route("open", "/{**rest}", Backend, ("Order", "100"))
            .Route("upload", "/upload/{**rest}", Backend, ("MaxRequestBodySize", BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Route("signed", "/signed/{**rest}", Backend, ("AuthPolicy", "signed"))
            .Set("Auth:Policies:signed:Require", "Jwt")
            .Set($"Gateway:Backends:{Backend}:Resilience:Retry:MaxRetries", "0")
            .Set($"Gateway:Backends:{Backend}:Resilience:CircuitBreaker:MinimumThroughput", "4")
            .Set($"Gateway:Backends:{Backend}:Resilience:CircuitBreaker:FailureRatio", "0.5")
            .Set($"Gateway:Backends:{Backend}:Resilience:CircuitBreaker:SamplingDuration", "00:05:00")
            .Set($"Gateway:Backends:{Backend}:Resilience:CircuitBreaker:BreakDuration", "00:05:00");
        foreach (var (key, value) in _identityProvider.CreateSettings())
        {
            settings.Set(key, value);
        }

        _gateway = await GatewayTestServer.StartAsync(azurite, settings.Build());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _identityProvider.DisposeAsync();
        await _backend.DisposeAsync();
        _transitions.Dispose();
    }

    [Fact]
    public async Task Twenty_odd_hostile_requests_leave_a_healthy_backends_circuit_closed_for_everyone_else()
    {
        var statuses = new List<int>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var send in Hostile())
            {
                statuses.Add((await send()).Status);
            }
        }

        var normal = await _gateway.Client.GetAsync("/after");

        Assert.True(statuses.Count >= 20);
        Assert.DoesNotContain(statuses, status => status >= 500);
        Assert.Equal(System.Net.HttpStatusCode.OK, normal.StatusCode);
        Assert.Empty(_transitions.States);
    }

    [Fact]
    public async Task A_non_ascii_user_agent_and_cookie_reach_the_backend_byte_for_byte()
    {
        var response = await RawHttp.GetAsync(_gateway.Address, "/ua", "User-Agent: Mözilla/5.0", "Cookie: name=José");

        Assert.Equal(200, response.Status);
        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.Equal("Mözilla/5.0", seen["User-Agent"]);
        Assert.Equal("name=José", seen["Cookie"]);
    }

    [Fact]
    public async Task Connect_on_a_proxied_route_answers_405_problem_details_without_reaching_the_backend()
    {
        var response = await Connect();

        response.AssertProblem(405, "method_not_allowed");
        Assert.Equal("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE", response.Headers["Allow"]);
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task A_body_declared_larger_than_the_routes_limit_answers_413_without_reaching_the_backend()
    {
        var response = await DeclaredTooLarge();

        response.AssertProblem(413, "payload_too_large");
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task A_chunked_body_that_outgrows_the_routes_limit_answers_413()
    {
        var response = await ChunkedTooLarge();

        response.AssertProblem(413, "payload_too_large");
        Assert.Empty(_transitions.States);
    }

    private IEnumerable<Func<Task<RawResponse>>> Hostile() =>
    [
        () => RawHttp.GetAsync(_gateway.Address, "/ua", "User-Agent: Mözilla/5.0"),
        () => RawHttp.GetAsync(_gateway.Address, "/cookie", "Cookie: name=José"),
        () => RawHttp.GetAsync(_gateway.Address, "/signed/x", "Authorization: Bearer " + _identityProvider.CreateToken(Claims("tid", "Zürich"))),
        () => RawHttp.GetAsync(_gateway.Address, "/signed/x", "Authorization: Bearer " + _identityProvider.CreateToken(Claims("sub", "José"))),
        () => RawHttp.GetAsync(_gateway.Address, "/signed/x", "Authorization: Bearer " + _identityProvider.CreateToken(Claims("tid", "t1\r\nX-Injected: yes"))),
        Connect,
        DeclaredTooLarge,
        ChunkedTooLarge,
        () => RawHttp.GetAsync(_gateway.Address, "/a/..;/admin"),
        () => RawHttp.SendAsync(_gateway.Address, "GET /empty-host HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n"),
    ];

    private Task<RawResponse> Connect() =>
        RawHttp.SendAsync(_gateway.Address, "CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\nConnection: close\r\n\r\n");

    private Task<RawResponse> DeclaredTooLarge() => RawHttp.SendAsync(
        _gateway.Address,
        $"POST /upload/declared HTTP/1.1\r\nHost: localhost\r\nContent-Length: {BodyLimit * 2}\r\nConnection: close\r\n\r\n",
        new byte[BodyLimit * 2]);

    private Task<RawResponse> ChunkedTooLarge()
    {
        var chunk = Encoding.ASCII.GetBytes($"{BodyLimit * 3 / 5:x}\r\n{new string('a', BodyLimit * 3 / 5)}\r\n");
        return RawHttp.SendAsync(
            _gateway.Address,
            "POST /upload/chunked HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            chunk, chunk, "0\r\n\r\n"u8.ToArray());
    }

    private static Dictionary<string, object?> Claims(string name, object value) => new() { [name] = value };
}
