namespace Serverless.Samples.Participants;

/// <summary>
/// The settings the local run starts the saga participants with, chosen so that every saga outcome can be provoked
/// by hand: a scarce SKU for out-of-stock, a customer and an amount the card network declines, and a country the
/// carrier does not serve. docs/orders.md and the banner name these values; change them together.
/// </summary>
public static class DemoParticipants
{
    /// <summary>A SKU with a single unit, so the second order for it fails with out_of_stock.</summary>
    public const string ScarceSku = "rare-book";

    /// <summary>A customer whose every charge is declined.</summary>
    public const string DeclinedCustomerId = "cust-declined";

    /// <summary>Charges above this amount are declined.</summary>
    public const decimal DeclineAmountsAbove = 10_000m;

    /// <summary>A country code (Antarctica) the carrier does not deliver to.</summary>
    public const string UnserviceableCountry = "AQ";

    // New instances each time: the options hold collections, and a caller must not be able to change another's.
    public static InventoryOptions Inventory => new()
    {
        InitialStock = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["apple"] = 1000,
            ["pear"] = 1000,
            [ScarceSku] = 1,
        },
    };

    public static PaymentOptions Payment => new()
    {
        DeclinedCustomerIds = [DeclinedCustomerId],
        DeclineAmountsAbove = DeclineAmountsAbove,
    };

    public static ShippingOptions Shipping => new() { UnserviceableCountries = [UnserviceableCountry] };
}
