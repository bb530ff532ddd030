using System.Net;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Forwarding;

namespace Serverless.Gateway.Orders;

/// <summary>
/// The saga's calls to inventory, payment and shipping, made through the gateway's backend client. Every call carries
/// <c>Idempotency-Key: {orderId}:{step}</c> and a body derived only from the order, so a repeated call (a retry, a
/// redelivered message, a replay to learn an uncertain step's outcome) is the same request and never takes effect twice.
/// </summary>
public sealed class SagaParticipants(BackendClient backends, IOptionsMonitor<OrdersOptions> options)
{
    private const int MaxErrorBodyBytes = 4096;

    public async Task<StepResult> RunAsync(SagaStep step, OrderSagaState state, string? reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (backend, method, path, body, referenceProperty) = Describe(step, state, reference);
        try
        {
            using var response = await backends.SendAsync(backend, baseAddress =>
            {
                var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
                request.Headers.TryAddWithoutValidation(IdempotentMethods.IdempotencyKeyHeader, $"{state.OrderId}:{step}");
                if (body is not null)
                {
                    request.Content = new StringContent(JsonSerializer.Serialize(body, OrdersJson.Options), Encoding.UTF8, MediaTypeNames.Application.Json);
                }

                return request;
            }, cancellationToken);
            return await InterpretAsync(response, referenceProperty, cancellationToken);
        }
        catch (BackendUnavailableException exception)
        {
            return StepResult.Transient(exception.Message);
        }
        catch (HttpRequestException exception)
        {
            return StepResult.Transient($"{backend} could not be reached: {exception.Message}");
        }
        catch (Exception exception) when (exception is OperationCanceledException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            return StepResult.Transient($"{backend} did not answer in time.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's deadline (the step's) or shutdown; the caller tells which.
            return StepResult.Transient($"{backend} did not answer before the step's deadline.");
        }
    }

    private (string Backend, HttpMethod Method, string Path, object? Body, string? ReferenceProperty) Describe(SagaStep step, OrderSagaState state, string? reference)
    {
        var o = options.CurrentValue;
        var order = state.Order;
        var id = Uri.EscapeDataString(reference ?? string.Empty);
        return step switch
        {
            SagaStep.ReserveInventory => (o.InventoryBackend, HttpMethod.Post, "reservations",
                new { orderId = state.OrderId, lines = order.Items.Select(static item => new { sku = item.Sku, quantity = item.Quantity }) }, "reservationId"),
            SagaStep.ChargePayment => (o.PaymentBackend, HttpMethod.Post, "charges",
                new { orderId = state.OrderId, customerId = order.CustomerId, amount = order.Total, currency = order.Currency }, "chargeId"),
            SagaStep.CreateShipment => (o.ShippingBackend, HttpMethod.Post, "shipments",
                new { orderId = state.OrderId, address = order.ShippingAddress }, "shipmentId"),
            SagaStep.ReleaseInventory => (o.InventoryBackend, HttpMethod.Delete, $"reservations/{id}", null, null),
            SagaStep.RefundPayment => (o.PaymentBackend, HttpMethod.Post, $"charges/{id}/refunds", null, null),
            SagaStep.CancelShipment => (o.ShippingBackend, HttpMethod.Delete, $"shipments/{id}", null, null),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown saga step."),
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
