using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Forwarding;

namespace Serverless.Gateway.Orders;

/// <summary>
/// <c>POST /orders</c>. The request cannot use output bindings (it is a proxied HTTP function), so the order's first
/// messages go into its outbox with the order, and a reminder sent <em>before</em> the insert makes sure they are sent
/// even if this process dies right after it.
/// </summary>
public static class PlaceOrderEndpoint
{
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<Results<Accepted<OrderAccepted>, ProblemHttpResult>> HandleAsync(
        HttpContext context, OrderSagaStore store, IOptionsMonitor<OrdersOptions> options, TimeProvider time,
        ILogger<OrderSagaStore> logger, CancellationToken cancellationToken)
    {
        var caller = OrdersAuthorization.Caller(context);
        if (!IsJson(context.Request.ContentType))
        {
            return OrderProblems.Create(context, StatusCodes.Status415UnsupportedMediaType, OrderProblems.UnsupportedMediaType, "Unsupported media type",
                "Send the order as JSON with Content-Type: application/json.");
        }

        var key = context.Request.Headers[IdempotentMethods.IdempotencyKeyHeader].ToString();
        if (context.Request.Headers.ContainsKey(IdempotentMethods.IdempotencyKeyHeader) && !OrderIds.IsValidIdempotencyKey(key))
        {
            return OrderProblems.Create(context, StatusCodes.Status400BadRequest, OrderProblems.InvalidIdempotencyKey, "Invalid Idempotency-Key",
                $"The Idempotency-Key must be 1 to {OrderIds.MaxIdempotencyKeyLength} printable ASCII characters without surrounding spaces.");
        }

        var (body, problem) = await ReadBodyAsync(context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (OrderRequestReader.Read(body, errors) is not { } order)
        {
            return OrderProblems.Invalid(context, errors);
        }

        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var state = new OrderSagaState
        {
            OrderId = key.Length > 0 ? OrderIds.FromIdempotencyKey(caller.Tenant, key) : OrderIds.New(),
            Tenant = caller.Tenant,
            Order = order,
            RequestHash = Hash(caller.Tenant, order),
            CreatedAt = now,
            UpdatedAt = now,
            Deadline = now + o.SagaTimeout,
            Driver = OrderIds.New(),
            TraceParent = System.Diagnostics.Activity.Current?.Id,
        };
        OutboxMessage[] messages =
        [
            OutboxMessage.Wake(state.OrderId, state.Driver, now),
            OrderEvents.Create(state, OrderEvents.Placed, now),
        ];

        try
        {
            await store.SendAsync(OrderSagaFunction.QueueName, SagaMessage.Reminder(state.OrderId).ToJson(), o.ReminderDelay, cancellationToken);
            if (await store.CreateAsync(state, messages, cancellationToken) is { } existing)
            {
                return Replay(context, existing, state.RequestHash);
            }
        }
        catch (RequestFailedException exception)
        {
            logger.StorageUnavailable(exception);
            context.Response.Headers.RetryAfter = "5";
            return OrderProblems.Create(context, StatusCodes.Status503ServiceUnavailable, OrderProblems.Unavailable, "Orders unavailable",
                "The order could not be stored because storage is unreachable; it was not placed. Retry shortly, with the same Idempotency-Key.");
        }

        logger.OrderAccepted(state.OrderId, state.Tenant);
        try
        {
            await store.DispatchAsync(state.OrderId, messages, time.GetUtcNow(), cancellationToken);
        }
        catch (Exception exception) when (exception is RequestFailedException or OperationCanceledException)
        {
            logger.DispatchDeferred(exception, state.OrderId);
        }

        return Accepted(state);
    }

    private static Results<Accepted<OrderAccepted>, ProblemHttpResult> Replay(HttpContext context, OrderSagaState existing, string requestHash)
    {
        if (!string.Equals(existing.RequestHash, requestHash, StringComparison.Ordinal))
        {
            return OrderProblems.Create(context, StatusCodes.Status422UnprocessableEntity, OrderProblems.IdempotencyKeyReused, "Idempotency-Key reused",
                "This Idempotency-Key was already used for a different order; use a new key for a new order.");
        }

        // The original answer, not the order's current state: a retried request must see what the first one saw.
        context.Response.Headers["Idempotent-Replayed"] = "true";
        return Accepted(existing);
    }

    private static Accepted<OrderAccepted> Accepted(OrderSagaState state)
    {
        var accepted = OrderAccepted.For(state.OrderId, OrderStatus.Pending);
        return TypedResults.Accepted(accepted.StatusUri, accepted);
    }

    private static async Task<(JsonNode? Body, ProblemHttpResult? Problem)> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge(context));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, TooLarge(context));
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var body = JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
            EnsureValidText(body);
            return (body, null);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return (null, OrderProblems.Create(context, StatusCodes.Status400BadRequest, OrderProblems.MalformedJson, "Malformed JSON",
                $"The body is not valid JSON: {exception.Message}"));
        }
    }

    /// <summary>
    /// The parser checks syntax but decodes strings only when read, so invalid UTF-8 and lone surrogates would surface
    /// later as a 500; reading every string now turns them into a 400.
    /// </summary>
    private static void EnsureValidText(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    EnsureValidText(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    EnsureValidText(child);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                _ = value.GetValue<string>();
                break;
        }
    }

    private static ProblemHttpResult TooLarge(HttpContext context) =>
        OrderProblems.Create(context, StatusCodes.Status413PayloadTooLarge, Problems.ProblemCodes.PayloadTooLarge, "Order too large",
            $"An order body may be at most {MaxBodyBytes} bytes.");

    private static bool IsJson(string? contentType) =>
        contentType is not null && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static string Hash(string tenant, PlacedOrder order) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenant + "\n" + JsonSerializer.Serialize(order, OrdersJson.Options))));
}
