using System.Text.Json.Nodes;
using Serverless.Orders.Api;

namespace Serverless.Orders.Tests.Api;

public sealed class OrderRequestReaderTests
{
    private static (bool Placed, Dictionary<string, string[]> Errors) Read(string currency)
    {
        var body = JsonNode.Parse($$"""
            {
              "customerId": "cust-1", "currency": "{{currency}}",
              "items": [ { "sku": "apple", "quantity": 1, "unitPrice": 1.25 } ],
              "shippingAddress": { "line1": "1 Main St", "city": "Oslo", "postalCode": "0150", "country": "NO" }
            }
            """);
        var errors = new Dictionary<string, string[]>();
        return (OrderRequestReader.Read(body, errors) is not null, errors);
    }

    [Theory]
    [InlineData("EUR")]
    [InlineData("USD")]
    [InlineData("NOK")]
    [InlineData("JPY")]
    [InlineData("CHF")]
    public void An_active_iso_4217_currency_is_accepted(string currency)
    {
        var (placed, errors) = Read(currency);

        Assert.True(placed, string.Join("; ", errors.SelectMany(e => e.Value)));
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("ABC")]
    [InlineData("DEM")]
    [InlineData("XXX")]
    public void A_code_that_is_not_an_active_iso_4217_currency_is_refused_under_currency(string currency)
    {
        var (placed, errors) = Read(currency);

        Assert.False(placed);
        var message = Assert.Single(Assert.Single(errors, e => e.Key == "currency").Value);
        Assert.Contains($"'{currency}' is not an active ISO 4217 currency code", message, StringComparison.Ordinal);
    }
}
