using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>The benchmark's client of the orders API: places one kind of order and reads orders' status.</summary>
public sealed class SagaOrderClient : IDisposable
{
    public const string Sku = "bench-widget";

    private static readonly string OrderJson = JsonSerializer.Serialize(new
    {
        customerId = "bench-customer",
        currency = "EUR",
        items = new[] { new { sku = Sku, quantity = 1, unitPrice = 1.25m } },
        shippingAddress = new { line1 = "1 Main St", city = "Oslo", postalCode = "0150", country = "NO" },
    });

    private readonly HttpClient _http;
    private readonly string _key;

    public SagaOrderClient(Uri gateway, string key)
    {
        // One pool without a connection limit: the workers must not queue behind each other in the client.
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _key = key;
    }

    /// <summary>Places the order; the id of the accepted order, or an exception saying what the gateway answered instead.</summary>
    public async Task<string> PlaceAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(OrderJson, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", _key);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new HttpRequestException(
                $"POST /orders answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}", null, response.StatusCode);
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("id").GetString() ?? throw new InvalidOperationException("POST /orders answered 202 without an id.");
    }

    public async Task<SagaOrderSnapshot> GetAsync(string id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/orders/{id}");
        request.Headers.Add("X-Api-Key", _key);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException(
                $"GET /orders/{id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}", null, response.StatusCode);
        }

        var order = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return new SagaOrderSnapshot(
            order.GetProperty("status").GetString() ?? throw new InvalidOperationException($"GET /orders/{id} answered an order without a status."),
            order.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null,
            order.GetProperty("createdAt").GetDateTimeOffset(),
            order.GetProperty("updatedAt").GetDateTimeOffset());
    }

    public void Dispose() => _http.Dispose();
}
