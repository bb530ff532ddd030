using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Serverless.Orders.Model;
using Serverless.Orders.Saga;

namespace Serverless.Orders.Api;

/// <summary>
/// <c>POST /orders</c>: validates the order and starts its saga as an orchestration whose instance id is the order id.
/// With an <c>Idempotency-Key</c> that id is derived from the tenant and the key, and <see cref="IdempotencyLedger"/>
/// decides atomically which request was first; every other is answered as the first was (or 422 with another body).
/// </summary>
public static class PlaceOrderEndpoint
{
    public const int MaxBodyBytes = 64 * 1024;
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private const int StartPolls = 25;
    private static readonly TimeSpan StartPollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly IReadOnlyList<string> EveryStatus = StartOrchestrationOptionsExtensions.ValidDedupeStatuses.Select(static s => s.ToString()).ToList();

    public static async Task<Results<Accepted<OrderAccepted>, ProblemHttpResult>> HandleAsync(
        HttpContext context, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        var (caller, refusal) = await services.GetRequiredService<OrdersAuthorization>().AuthorizeAsync(context, static o => o.WriteScope, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!IsJson(context.Request.ContentType))
        {
            return OrderProblems.Create(context, StatusCodes.Status415UnsupportedMediaType, OrderProblems.UnsupportedMediaType, "Unsupported media type",
                "Send the order as JSON with Content-Type: application/json.");
        }

        var key = context.Request.Headers[IdempotencyKeyHeader].ToString();
        if (context.Request.Headers.ContainsKey(IdempotencyKeyHeader) && !OrderIds.IsValidIdempotencyKey(key))
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

        var tenant = caller!.Tenant;
        var input = new OrderSagaInput(
            key.Length > 0 ? OrderIds.FromIdempotencyKey(tenant, key) : OrderIds.New(),
            tenant,
            order,
            Hash(tenant, order),
            services.GetRequiredService<TimeProvider>().GetUtcNow(),
            Activity.Current?.Id,
            services.GetRequiredService<IOptionsMonitor<OrdersOptions>>().CurrentValue.ToPolicy());
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PlaceOrderEndpoint));
        try
        {
            if (key.Length > 0 && await services.GetRequiredService<IdempotencyLedger>().ClaimAsync(input.OrderId, tenant, input.RequestHash, cancellationToken) is { } first)
            {
                if (!string.Equals(first, input.RequestHash, StringComparison.Ordinal))
                {
                    return OrderProblems.Create(context, StatusCodes.Status422UnprocessableEntity, OrderProblems.IdempotencyKeyReused, "Idempotency-Key reused",
                        "This Idempotency-Key was already used for a different order; use a new key for a new order.");
                }

                await EnsureStartedAsync(client, input, services.GetRequiredService<TimeProvider>(), cancellationToken);

                // The original answer, not the order's current state: a retried request must see what the first one saw.
                context.Response.Headers["Idempotent-Replayed"] = "true";
                return Accepted(input.OrderId);
            }

            await StartAsync(client, input, cancellationToken);
        }
        catch (Exception exception) when (TaskHubErrors.IsUnavailable(exception, cancellationToken))
        {
            logger.TaskHubUnavailable(exception);
            return OrderProblems.TaskHubUnavailable(context);
        }

        logger.OrderAccepted(input.OrderId, tenant);
        return Accepted(input.OrderId);
    }

    /// <summary>
    /// A replay's saga normally exists already; if the first request died between claiming its key and starting the
    /// saga, or is still starting it, the replay waits a little and then starts it itself (same id, same input).
    /// </summary>
    private static async Task EnsureStartedAsync(DurableTaskClient client, OrderSagaInput input, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var poll = 0; poll < StartPolls; poll++)
        {
            if (await client.GetInstanceAsync(input.OrderId, getInputsAndOutputs: false, cancellationToken) is not null)
            {
                return;
            }

            await Task.Delay(StartPollInterval, time, cancellationToken);
        }

        await StartAsync(client, input, cancellationToken);
    }

    private static async Task StartAsync(DurableTaskClient client, OrderSagaInput input, CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(SagaTasks.Orchestrator, input,
                new StartOrchestrationOptions(input.OrderId) { DedupeStatuses = EveryStatus }, cancellationToken);
        }
        catch (Exception exception) when (TaskHubErrors.IsAlreadyExists(exception))
        {
            // Started meanwhile by a concurrent replay: the same saga.
        }
    }

    private static Accepted<OrderAccepted> Accepted(string id)
    {
        var accepted = OrderAccepted.For(id, OrderStatus.Pending);
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
        OrderProblems.Create(context, StatusCodes.Status413PayloadTooLarge, OrderProblems.PayloadTooLarge, "Order too large",
            $"An order body may be at most {MaxBodyBytes} bytes.");

    private static bool IsJson(string? contentType) =>
        contentType is not null && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static string Hash(string tenant, PlacedOrder order) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenant + "\n" + JsonSerializer.Serialize(order, OrdersJson.Options))));
}
