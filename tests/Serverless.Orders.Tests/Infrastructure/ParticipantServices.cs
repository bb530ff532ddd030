using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Samples.Participants;

namespace Serverless.Orders.Tests.Infrastructure;

/// <summary>The three demo participants, each a real Kestrel server on a free loopback port.</summary>
internal sealed class ParticipantServices : IAsyncDisposable
{
    private ParticipantServices(InventoryService inventory, PaymentService payment, ShippingService shipping)
    {
        Inventory = inventory;
        Payment = payment;
        Shipping = shipping;
    }

    public InventoryService Inventory { get; }

    public PaymentService Payment { get; }

    public ShippingService Shipping { get; }

    public static async Task<ParticipantServices> StartAsync(ParticipantFaults? faults = null) => new(
        await InventoryService.StartAsync(new InventoryOptions
        {
            InitialStock = new Dictionary<string, int> { ["apple"] = 1000, ["pear"] = 1000, ["rare-book"] = 1 },
            Faults = faults ?? ParticipantFaults.None,
        }, 0, CancellationToken.None),
        await PaymentService.StartAsync(new PaymentOptions { DeclinedCustomerIds = ["cust-declined"], Faults = faults ?? ParticipantFaults.None }, 0, CancellationToken.None),
        await ShippingService.StartAsync(new ShippingOptions { UnserviceableCountries = ["AQ"], Faults = faults ?? ParticipantFaults.None }, 0, CancellationToken.None));

    public IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Orders:Participants:Inventory", Inventory.Address.ToString()),
        new("Orders:Participants:Payment", Payment.Address.ToString()),
        new("Orders:Participants:Shipping", Shipping.Address.ToString()),
    ];

    public static async Task<JsonElement> LedgerAsync(ParticipantService service)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        return await http.GetFromJsonAsync<JsonElement>(new Uri(service.Address, "/_ledger"));
    }

    public async ValueTask DisposeAsync()
    {
        await Inventory.DisposeAsync();
        await Payment.DisposeAsync();
        await Shipping.DisposeAsync();
    }
}
