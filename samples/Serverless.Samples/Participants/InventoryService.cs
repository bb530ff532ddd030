using System.Text.Json.Nodes;

namespace Serverless.Samples.Participants;

/// <summary>
/// The demo inventory the order saga reserves stock from: <c>POST /reservations</c> holds stock for an order,
/// all lines or none, and <c>DELETE /reservations/{id}</c> gives it back (the saga's compensation).
/// </summary>
public sealed class InventoryService : ParticipantService
{
    private readonly Dictionary<string, int> _stock;
    private readonly Dictionary<string, Reservation> _reservations = new(StringComparer.Ordinal);
    private int _nextId;

    private InventoryService(InventoryOptions options)
        : base(options) => _stock = new Dictionary<string, int>(options.InitialStock, StringComparer.Ordinal);

    /// <summary>Starts the service on 127.0.0.1 at <paramref name="port"/> (0 picks a free port).</summary>
    public static async Task<InventoryService> StartAsync(InventoryOptions options, int port, CancellationToken cancellationToken)
    {
        var service = new InventoryService(options);
        await service.StartHostAsync(port, cancellationToken);
        return service;
    }

    private protected override void MapBusinessEndpoints(IEndpointRouteBuilder endpoints)
    {
        // The cast keeps the handler from being taken as a RequestDelegate, which would discard the IResult.
        endpoints.MapPost("/reservations", (Delegate)((HttpContext context) => Requests.ExecuteAsync(context, keyRequired: true, Reserve)));

        // Releasing is naturally idempotent, so a key is honoured when sent but not demanded.
        endpoints.MapDelete("/reservations/{id}", (HttpContext context, string id) => Requests.ExecuteAsync(context, keyRequired: false, _ => Release(id)));
    }

    private protected override object LedgerSnapshot() => new
    {
        stock = new SortedDictionary<string, int>(_stock, StringComparer.Ordinal),
        reservations = _reservations.Values.Select(reservation => new { reservation.ReservationId, reservation.OrderId, reservation.Lines, reservation.Status }).ToArray(),
    };

    private ParticipantResponse Reserve(JsonNode? body)
    {
        if (!ParticipantJson.TryRead(body, out ReservationRequest? request, out var invalid))
        {
            return invalid;
        }

        if (string.IsNullOrWhiteSpace(request.OrderId) || request.Lines is not { Count: > 0 } lines
            || lines.Any(line => line is null || string.IsNullOrWhiteSpace(line.Sku) || line.Quantity <= 0))
        {
            return ParticipantResponse.Problem(StatusCodes.Status400BadRequest, "invalid_request", "A reservation needs an orderId and lines with a sku and a positive quantity.");
        }

        // Lines naming the same SKU twice must be checked against the stock together.
        var wanted = lines.GroupBy(line => line.Sku!, StringComparer.Ordinal).Select(group => (Sku: group.Key, Quantity: group.Sum(line => line.Quantity))).ToArray();
        foreach (var (sku, quantity) in wanted)
        {
            var available = _stock.GetValueOrDefault(sku);
            if (available < quantity)
            {
                return ParticipantResponse.Problem(StatusCodes.Status409Conflict, "out_of_stock", "Not enough stock to reserve the order.",
                    $"SKU '{sku}' has {available} in stock, {quantity} requested.",
                    new JsonObject { ["sku"] = sku, ["requested"] = quantity, ["available"] = available });
            }
        }

        foreach (var (sku, quantity) in wanted)
        {
            _stock[sku] -= quantity;
        }

        var reservation = new Reservation($"res_{++_nextId:D6}", request.OrderId, wanted.Select(line => new ReservationLine(line.Sku, line.Quantity)).ToArray());
        _reservations.Add(reservation.ReservationId, reservation);
        return ParticipantResponse.Created($"/reservations/{reservation.ReservationId}", new { reservation.ReservationId, reservation.OrderId, reservation.Status });
    }

    private ParticipantResponse Release(string id)
    {
        if (!_reservations.TryGetValue(id, out var reservation))
        {
            return ParticipantResponse.Problem(StatusCodes.Status404NotFound, "reservation_not_found", $"Reservation '{id}' does not exist.");
        }

        if (reservation.Status == "held")
        {
            foreach (var line in reservation.Lines)
            {
                _stock[line.Sku!] = _stock.GetValueOrDefault(line.Sku!) + line.Quantity;
            }

            reservation.Status = "released";
        }

        return ParticipantResponse.NoContent();
    }
}
