using System.Net;
using System.Text.Json;
using Serverless.Samples;

namespace Serverless.Gateway.Tests.LocalRun;

public sealed class DemoBackendTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private DemoBackend? _backend;
    private HttpClient? _client;

    private HttpClient Client => _client ?? throw new InvalidOperationException("The backend has not started.");

    public async Task InitializeAsync()
    {
        _backend = await DemoBackend.StartAsync("catalog-test", 0, _timeout.Token);
        // No propagator: while another test in the process listens to HttpClient activities, the handler would replace
        // the traceparent this test sends with its own, and the echo would report that one instead.
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, ActivityHeadersPropagator = null }) { BaseAddress = _backend.Address };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }

        _timeout.Dispose();
    }

    [Fact]
    public async Task Binding_port_zero_reports_the_port_the_backend_actually_listens_on()
    {
        Assert.NotNull(_backend);
        Assert.Equal("127.0.0.1", _backend.Address.Host);
        Assert.NotEqual(0, _backend.Address.Port);

        using var health = await Client.GetAsync(new Uri("/healthz", UriKind.Relative), _timeout.Token);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task The_catalog_lists_its_products_and_names_the_instance_that_answered()
    {
        using var document = await GetJsonAsync("/products");

        Assert.Equal("catalog-test", document.RootElement.GetProperty("servedBy").GetString());
        Assert.NotEmpty(document.RootElement.GetProperty("products").EnumerateArray());
    }

    [Fact]
    public async Task A_product_is_found_by_its_id_and_an_unknown_id_is_not_found()
    {
        using var document = await GetJsonAsync("/products/1");
        using var unknown = await Client.GetAsync(new Uri("/products/does-not-exist", UriKind.Relative), _timeout.Token);

        Assert.Equal("1", document.RootElement.GetProperty("product").GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Echo_reports_the_request_and_the_length_of_a_body_streamed_in_chunks()
    {
        const int chunkSize = 64 * 1024;
        const int chunks = 128;
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri("/echo/a/b?x=1&y=2", UriKind.Relative))
        {
            Content = new ChunkedContent(chunkSize, chunks),
        };
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        request.Headers.Add("X-Not-Reported", "secret");
        request.Headers.Add("X-Demo-Env", "local");

        using var response = await Client.SendAsync(request, _timeout.Token);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_timeout.Token));
        var echo = document.RootElement;
        var headers = echo.GetProperty("headers").EnumerateObject().ToDictionary(header => header.Name, header => header.Value.GetString(), StringComparer.OrdinalIgnoreCase);

        Assert.Equal("PUT", echo.GetProperty("method").GetString());
        Assert.Equal("/echo/a/b", echo.GetProperty("path").GetString());
        Assert.Equal("?x=1&y=2", echo.GetProperty("query").GetString());
        Assert.Equal((long)chunkSize * chunks, echo.GetProperty("bodyLength").GetInt64());
        Assert.Equal("203.0.113.7", headers["X-Forwarded-For"]);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", headers["traceparent"]);
        Assert.Equal(_backend!.Address.Authority, headers["Host"]);
        Assert.Equal("local", headers["X-Demo-Env"]);
        Assert.False(headers.ContainsKey("X-Not-Reported"));
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative), _timeout.Token);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(_timeout.Token));
    }

    /// <summary>A body of unknown length, so it goes out with chunked transfer encoding rather than buffered.</summary>
    private sealed class ChunkedContent(int chunkSize, int chunks) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var chunk = new byte[chunkSize];
            for (var i = 0; i < chunks; i++)
            {
                await stream.WriteAsync(chunk, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task The_outage_switch_makes_every_endpoint_but_itself_answer_503_until_it_is_switched_off()
    {
        using (var on = await Client.PutAsync(new Uri("/_control/outage", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }

        foreach (var path in new[] { "/products", "/products/1", "/echo/hello", "/healthz" })
        {
            using var down = await Client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        }

        using (var off = await Client.DeleteAsync(new Uri("/_control/outage", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        using var up = await Client.GetAsync(new Uri("/products", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }
}
