using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Orders;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrderSagaTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_order_reserves_charges_and_ships_then_completes()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);

        using var response = await saga.PlaceAsync(OrderSagaHarness.OrderJson(quantity: 3, unitPrice: 2.5m));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal($"/orders/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal($"/orders/{id}", accepted.GetProperty("statusUri").GetString());
        Assert.Equal("Pending", accepted.GetProperty("status").GetString());

        var order = await saga.WaitForStatusAsync(id, "Completed");
        Assert.Equal(
            ["ReserveInventory:Step:Succeeded", "ChargePayment:Step:Succeeded", "CreateShipment:Step:Succeeded"],
            OrderSagaHarness.History(order));
        Assert.All(order.GetProperty("history").EnumerateArray(), step => Assert.Equal(1, step.GetProperty("attempts").GetInt32()));

        var stock = (await OrderSagaHarness.LedgerAsync(saga.Inventory)).GetProperty("stock");
        Assert.Equal(997, stock.GetProperty("apple").GetInt32());
        var charge = Assert.Single((await OrderSagaHarness.LedgerAsync(saga.Payment)).GetProperty("charges").EnumerateArray());
        Assert.Equal(7.5m, charge.GetProperty("amount").GetDecimal());
        Assert.Equal(id, charge.GetProperty("orderId").GetString());
        Assert.Single((await OrderSagaHarness.LedgerAsync(saga.Shipping)).GetProperty("shipments").EnumerateArray());
    }
}
