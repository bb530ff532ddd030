using System.Text.Json.Nodes;

namespace Serverless.Samples.Participants;

/// <summary>
/// The demo carrier the order saga books: <c>POST /shipments</c> books a shipment unless the destination is not
/// served, and <c>DELETE /shipments/{id}</c> cancels it.
/// </summary>
public sealed class ShippingService : ParticipantService
{
    private readonly HashSet<string> _unserviceable;
    private readonly Dictionary<string, Shipment> _shipments = new(StringComparer.Ordinal);
    private int _nextId;

    private ShippingService(ShippingOptions options)
        : base(options) => _unserviceable = new HashSet<string>(options.UnserviceableCountries, StringComparer.OrdinalIgnoreCase);

    /// <summary>Starts the service on 127.0.0.1 at <paramref name="port"/> (0 picks a free port).</summary>
    public static async Task<ShippingService> StartAsync(ShippingOptions options, int port, CancellationToken cancellationToken)
    {
        var service = new ShippingService(options);
        await service.StartHostAsync(port, cancellationToken);
        return service;
    }

    private protected override void MapBusinessEndpoints(IEndpointRouteBuilder endpoints)
    {
        // The cast keeps the handler from being taken as a RequestDelegate, which would discard the IResult.
        endpoints.MapPost("/shipments", (Delegate)((HttpContext context) => Requests.ExecuteAsync(context, keyRequired: true, CreateShipment)));

        // Cancelling is naturally idempotent, so a key is honoured when sent but not demanded.
        endpoints.MapDelete("/shipments/{id}", (HttpContext context, string id) => Requests.ExecuteAsync(context, keyRequired: false, _ => Cancel(id)));
    }

    private protected override object LedgerSnapshot() => new { shipments = _shipments.Values.ToArray() };

    private ParticipantResponse CreateShipment(JsonNode? body)
    {
        if (!ParticipantJson.TryRead(body, out ShipmentRequest? request, out var invalid))
        {
            return invalid;
        }

        if (string.IsNullOrWhiteSpace(request.OrderId) || string.IsNullOrWhiteSpace(request.Address?.Country))
        {
            return ParticipantResponse.Problem(StatusCodes.Status400BadRequest, "invalid_request", "A shipment needs an orderId and an address with a country.");
        }

        var country = request.Address.Country.ToUpperInvariant();
        if (_unserviceable.Contains(country))
        {
            return ParticipantResponse.Problem(StatusCodes.Status422UnprocessableEntity, "address_not_serviceable", "The carrier does not deliver to this address.",
                $"Country '{country}' is not served.", new JsonObject { ["country"] = country });
        }

        var shipment = new Shipment($"shp_{++_nextId:D6}", request.OrderId, country);
        _shipments.Add(shipment.ShipmentId, shipment);
        return ParticipantResponse.Created($"/shipments/{shipment.ShipmentId}", new { shipment.ShipmentId, shipment.OrderId, shipment.Status });
    }

    private ParticipantResponse Cancel(string id)
    {
        if (!_shipments.TryGetValue(id, out var shipment))
        {
            return ParticipantResponse.Problem(StatusCodes.Status404NotFound, "shipment_not_found", $"Shipment '{id}' does not exist.");
        }

        shipment.Status = "cancelled";
        return ParticipantResponse.NoContent();
    }
}
