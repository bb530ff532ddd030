using System.Text.Json.Nodes;

namespace Serverless.Samples.Participants;

/// <summary>
/// The demo payment provider the order saga charges: <c>POST /charges</c> takes the money or declines the card,
/// and <c>POST /charges/{id}/refunds</c> gives all of it back (the saga's compensation).
/// </summary>
public sealed class PaymentService : ParticipantService
{
    private readonly HashSet<string> _declinedCustomers;
    private readonly decimal? _declineAbove;
    private readonly Dictionary<string, Charge> _charges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Refund> _refundsByCharge = new(StringComparer.Ordinal);
    private readonly List<Decline> _declines = [];
    private int _nextId;

    private PaymentService(PaymentOptions options)
        : base(options)
    {
        _declinedCustomers = new HashSet<string>(options.DeclinedCustomerIds, StringComparer.Ordinal);
        _declineAbove = options.DeclineAmountsAbove;
    }

    /// <summary>Starts the service on 127.0.0.1 at <paramref name="port"/> (0 picks a free port).</summary>
    public static async Task<PaymentService> StartAsync(PaymentOptions options, int port, CancellationToken cancellationToken)
    {
        var service = new PaymentService(options);
        await service.StartHostAsync(port, cancellationToken);
        return service;
    }

    private protected override void MapBusinessEndpoints(IEndpointRouteBuilder endpoints)
    {
        // The cast keeps the handler from being taken as a RequestDelegate, which would discard the IResult.
        endpoints.MapPost("/charges", (Delegate)((HttpContext context) => Requests.ExecuteAsync(context, keyRequired: true, CreateCharge)));
        endpoints.MapPost("/charges/{id}/refunds", (HttpContext context, string id) => Requests.ExecuteAsync(context, keyRequired: true, _ => RefundCharge(id)));
    }

    private protected override object LedgerSnapshot() => new
    {
        charges = _charges.Values.ToArray(),
        refunds = _refundsByCharge.Values.ToArray(),
        declines = _declines.ToArray(),
    };

    private ParticipantResponse CreateCharge(JsonNode? body)
    {
        if (!ParticipantJson.TryRead(body, out ChargeRequest? request, out var invalid))
        {
            return invalid;
        }

        if (string.IsNullOrWhiteSpace(request.OrderId) || string.IsNullOrWhiteSpace(request.CustomerId) || request.Amount <= 0
            || request.Currency is not { Length: 3 } currency)
        {
            return ParticipantResponse.Problem(StatusCodes.Status400BadRequest, "invalid_request", "A charge needs an orderId, a customerId, a positive amount and a three-letter currency.");
        }

        var reason = request switch
        {
            _ when _declinedCustomers.Contains(request.CustomerId) => "customer_blocked",
            _ when request.Amount > _declineAbove => "amount_over_limit",
            _ => null,
        };
        if (reason is not null)
        {
            _declines.Add(new Decline(request.OrderId, request.CustomerId, request.Amount, currency, reason));
            return ParticipantResponse.Problem(StatusCodes.Status402PaymentRequired, "card_declined", "The card was declined.",
                $"The charge of {request.Amount} {currency} for order '{request.OrderId}' was declined.",
                new JsonObject { ["declineReason"] = reason });
        }

        var charge = new Charge($"ch_{++_nextId:D6}", request.OrderId, request.CustomerId, request.Amount, currency.ToUpperInvariant());
        _charges.Add(charge.ChargeId, charge);
        return ParticipantResponse.Created($"/charges/{charge.ChargeId}", new { charge.ChargeId, charge.OrderId, charge.Amount, charge.Currency, charge.Status });
    }

    private ParticipantResponse RefundCharge(string chargeId)
    {
        if (!_charges.TryGetValue(chargeId, out var charge))
        {
            return ParticipantResponse.Problem(StatusCodes.Status404NotFound, "charge_not_found", $"Charge '{chargeId}' does not exist.");
        }

        // A charge is refunded in full at most once: a compensation retried under a fresh key gets the same refund
        // back instead of paying the customer twice.
        if (!_refundsByCharge.TryGetValue(chargeId, out var refund))
        {
            refund = new Refund($"re_{++_nextId:D6}", charge.ChargeId, charge.OrderId, charge.Amount, charge.Currency);
            _refundsByCharge.Add(chargeId, refund);
            charge.Status = "refunded";
        }

        return ParticipantResponse.Created($"/charges/{chargeId}/refunds/{refund.RefundId}", new { refund.RefundId, refund.ChargeId, refund.OrderId, refund.Amount, refund.Currency });
    }
}
