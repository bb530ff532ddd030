using System.Net;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.Orders.Model;

namespace Serverless.Orders.Participants;

/// <summary>
/// The saga's calls to inventory, payment and shipping. Every call carries <c>Idempotency-Key: {orderId}:{step}</c> and
/// a body derived only from the order, so a repeated call (an activity run twice, a retry, a replay to learn an
/// uncertain step's outcome) is the same request and never takes effect twice.
/// </summary>
public sealed class SagaParticipants(HttpClient http, IOptionsMonitor<ParticipantsOptions> options)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxErrorBodyBytes = 4096;

    public async Task<StepResult> RunAsync(StepRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var o = options.CurrentValue;
        var (baseAddress, method, path, body, referenceProperty) = Describe(request, o);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(o.AttemptTimeout);
        try
        {
            using var message = new HttpRequestMessage(method, new Uri(baseAddress, path));
            message.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, $"{request.OrderId}:{request.Step}");
            if (body is not null)
            {
                message.Content = new StringContent(JsonSerializer.Serialize(body, OrdersJson.Options), Encoding.UTF8, MediaTypeNames.Application.Json);
            }

            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return await InterpretAsync(response, referenceProperty, deadline.Token);
        }
        catch (HttpRequestException exception)
        {
            return StepResult.Transient($"{baseAddress.Authority} could not be reached: {exception.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return StepResult.Transient($"{baseAddress.Authority} did not answer within {o.AttemptTimeout.TotalSeconds:0.###} s.");
        }
    }

    private static (Uri BaseAddress, HttpMethod Method, string Path, object? Body, string? ReferenceProperty) Describe(StepRequest request, ParticipantsOptions o)
    {
        var order = request.Order;
        var id = Uri.EscapeDataString(request.Reference ?? string.Empty);
        return request.Step switch
        {
            SagaStep.ReserveInventory => (o.Inventory!, HttpMethod.Post, "reservations",
                new { orderId = request.OrderId, lines = order.Items.Select(static item => new { sku = item.Sku, quantity = item.Quantity }) }, "reservationId"),
            SagaStep.ChargePayment => (o.Payment!, HttpMethod.Post, "charges",
                new { orderId = request.OrderId, customerId = order.CustomerId, amount = order.Total, currency = order.Currency }, "chargeId"),
            SagaStep.CreateShipment => (o.Shipping!, HttpMethod.Post, "shipments",
                new { orderId = request.OrderId, address = order.ShippingAddress }, "shipmentId"),
            SagaStep.ReleaseInventory => (o.Inventory!, HttpMethod.Delete, $"reservations/{id}", null, null),
            SagaStep.RefundPayment => (o.Payment!, HttpMethod.Post, $"charges/{id}/refunds", null, null),
            SagaStep.CancelShipment => (o.Shipping!, HttpMethod.Delete, $"shipments/{id}", null, null),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Step, "Unknown saga step."),
        };
    }

    private static async Task<StepResult> InterpretAsync(HttpResponseMessage response, string? referenceProperty, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            if (referenceProperty is null)
            {
                return StepResult.Succeeded(null);
            }

            var reference = await ReadPropertyAsync(response, referenceProperty, cancellationToken);
            return reference is { Length: > 0 and <= 128 }
                ? StepResult.Succeeded(reference)
                : StepResult.Transient($"HTTP {status} without a '{referenceProperty}' in the body.");
        }

        if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            return StepResult.Transient($"HTTP {status}");
        }

        var code = await ReadPropertyAsync(response, "code", cancellationToken) ?? $"http_{status}";
        var detail = await ReadPropertyAsync(response, "detail", cancellationToken) ?? await ReadPropertyAsync(response, "title", cancellationToken);
        return StepResult.Rejected(code, detail is null ? $"{code} (HTTP {status})" : $"{code}: {detail}");
    }

    private static async Task<string?> ReadPropertyAsync(HttpResponseMessage response, string name, CancellationToken cancellationToken)
    {
        try
        {
            await response.Content.LoadIntoBufferAsync(MaxErrorBodyBytes, cancellationToken);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (Exception exception) when (exception is JsonException or HttpRequestException)
        {
            return null;
        }
    }
}
