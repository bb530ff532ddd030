using System.Net.Http.Json;
using System.Text.Json;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// What the participants' ledgers say after the run: with no faults and ample stock, every completed order should
/// have exactly one held reservation, one succeeded charge and one created shipment, and nothing undone.
/// </summary>
public sealed record SagaLedgerCheck(
    int Reservations, int HeldReservations, int ReservedOrders,
    int Charges, int SucceededCharges, int ChargedOrders, int Refunds, int Declines,
    int Shipments, int CreatedShipments, int ShippedOrders)
{
    public static async Task<SagaLedgerCheck> ReadAsync(SagaEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var inventory = await http.GetFromJsonAsync<JsonElement>(new Uri(environment.Inventory, "/_ledger"), cancellationToken);
        var payment = await http.GetFromJsonAsync<JsonElement>(new Uri(environment.Payment, "/_ledger"), cancellationToken);
        var shipping = await http.GetFromJsonAsync<JsonElement>(new Uri(environment.Shipping, "/_ledger"), cancellationToken);

        var reservations = inventory.GetProperty("reservations").EnumerateArray().ToArray();
        var charges = payment.GetProperty("charges").EnumerateArray().ToArray();
        var shipments = shipping.GetProperty("shipments").EnumerateArray().ToArray();
        return new SagaLedgerCheck(
            reservations.Length, reservations.Count(static r => Status(r) == "held"), DistinctOrders(reservations),
            charges.Length, charges.Count(static c => Status(c) == "succeeded"), DistinctOrders(charges),
            payment.GetProperty("refunds").GetArrayLength(), payment.GetProperty("declines").GetArrayLength(),
            shipments.Length, shipments.Count(static s => Status(s) == "created"), DistinctOrders(shipments));
    }

    /// <summary>How the ledgers differ from <paramref name="completedOrders"/> orders each reserved, charged and shipped once.</summary>
    public IReadOnlyList<string> Discrepancies(int completedOrders)
    {
        var found = new List<string>();
        Expect(found, "reservations", Reservations, completedOrders);
        Expect(found, "held reservations", HeldReservations, completedOrders);
        Expect(found, "orders with a reservation", ReservedOrders, completedOrders);
        Expect(found, "charges", Charges, completedOrders);
        Expect(found, "succeeded charges", SucceededCharges, completedOrders);
        Expect(found, "orders charged", ChargedOrders, completedOrders);
        Expect(found, "refunds", Refunds, 0);
        Expect(found, "declines", Declines, 0);
        Expect(found, "shipments", Shipments, completedOrders);
        Expect(found, "created shipments", CreatedShipments, completedOrders);
        Expect(found, "orders shipped", ShippedOrders, completedOrders);
        return found;
    }

    private static void Expect(List<string> found, string what, int actual, int expected)
    {
        if (actual != expected)
        {
            found.Add($"{what}: {actual}, expected {expected}");
        }
    }

    private static string? Status(JsonElement entry) => entry.GetProperty("status").GetString();

    private static int DistinctOrders(JsonElement[] entries) =>
        entries.Select(static entry => entry.GetProperty("orderId").GetString()).Distinct(StringComparer.Ordinal).Count();
}
