using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Orders;

/// <summary>
/// The orders HTTP API as a client sees it: idempotent placement, validation of hostile bodies, who may see and do what,
/// and the shape of the status document. The real gateway, Azurite and participants, as in <see cref="OrderSagaHarness"/>.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrdersApiTests(AzuriteFixture azurite)
{
    /// <summary>The largest order body the orders service accepts.</summary>
    private const int MaxOrderBodyBytes = 64 * 1024;

    private const string OtherTenant = "fabrikam";

    [Fact]
    public async Task The_same_request_sent_twice_with_one_idempotency_key_is_answered_alike_and_places_one_order()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var key = NewIdempotencyKey();
        var body = OrderSagaHarness.OrderJson(quantity: 1);

        using var first = await saga.PlaceAsync(body, key);
        using var second = await saga.PlaceAsync(body, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var id = await IdOfAsync(first);
        Assert.Equal(id, await IdOfAsync(second));
        Assert.Equal($"/orders/{id}", first.Headers.Location?.OriginalString);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["true"], second.Headers.GetValues("Idempotent-Replayed"));

        await saga.WaitForStatusAsync(id, "Completed");
        Assert.Single(await ChargesOfAsync(saga, id));
        Assert.Single(await ReservationsOfAsync(saga, id));
    }

    [Fact]
    public async Task A_replay_after_the_order_completed_still_gets_the_original_answer_and_charges_nothing_more()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var key = NewIdempotencyKey();
        var body = OrderSagaHarness.OrderJson(quantity: 1);
        var id = await saga.PlaceAcceptedAsync(body, key);
        await saga.WaitForStatusAsync(id, "Completed");

        using var replay = await saga.PlaceAsync(body, key);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(["true"], replay.Headers.GetValues("Idempotent-Replayed"));
        var accepted = await replay.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, accepted.GetProperty("id").GetString());
        Assert.Equal("Pending", accepted.GetProperty("status").GetString());
        Assert.Equal("Completed", (await saga.GetOrderAsync(id)).GetProperty("status").GetString());
        Assert.Single(await ChargesOfAsync(saga, id));
    }

    [Fact]
    public async Task A_retry_whose_body_differs_only_in_formatting_and_field_order_is_a_replay()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var key = NewIdempotencyKey();
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(quantity: 1), key);
        await saga.WaitForStatusAsync(id, "Completed");
        const string Reformatted = """
            {
              "shippingAddress": { "country": "NO", "postalCode": "0150", "city": "Oslo", "line1": "1 Main St" },
              "items": [ { "unitPrice": 1.25, "quantity": 1, "sku": "apple" } ],
              "currency": "EUR",
              "customerId": "cust-1"
            }
            """;

        using var replay = await saga.PlaceAsync(Reformatted, key);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(id, await IdOfAsync(replay));
        Assert.Equal(["true"], replay.Headers.GetValues("Idempotent-Replayed"));
    }

    [Theory]
    [InlineData("1.250")]
    [InlineData("125e-2")]
    public async Task A_retry_that_writes_the_same_price_differently_is_a_replay_not_a_reused_key(string price)
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var key = NewIdempotencyKey();
        var body = OrderSagaHarness.OrderJson(quantity: 1, unitPrice: 1.25m);
        var id = await saga.PlaceAcceptedAsync(body, key);
        await saga.WaitForStatusAsync(id, "Completed");

        using var replay = await saga.PlaceAsync(body.Replace("\"unitPrice\":1.25", $"\"unitPrice\":{price}", StringComparison.Ordinal), key);

        var text = await replay.Content.ReadAsStringAsync();
        Assert.True(replay.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)replay.StatusCode}: {text}");
        Assert.Equal(id, JsonDocument.Parse(text).RootElement.GetProperty("id").GetString());
        Assert.Equal(["true"], replay.Headers.GetValues("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_a_different_order_is_refused_with_422_and_leaves_the_first_order_alone()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var key = NewIdempotencyKey();
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(quantity: 1), key);

        using var reused = await saga.PlaceAsync(OrderSagaHarness.OrderJson(quantity: 5), key);

        await AssertProblemAsync(reused, HttpStatusCode.UnprocessableEntity, OrderProblems.IdempotencyKeyReused);
        Assert.False(reused.Headers.Contains("Idempotent-Replayed"));
        var order = await saga.WaitForStatusAsync(id, "Completed");
        Assert.Equal(1, order.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        var charge = Assert.Single(await ChargesOfAsync(saga, id));
        Assert.Equal(1.25m, charge.GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task The_same_idempotency_key_used_by_another_tenant_places_a_separate_order()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var otherKey = await CreateApiKeyAsync(saga, OtherTenant, "orders:write", "orders:read");
        var key = NewIdempotencyKey();
        var body = OrderSagaHarness.OrderJson(quantity: 1);

        using var ours = await saga.PlaceAsync(body, key);
        using var theirs = await saga.PlaceAsync(body, key, otherKey);

        Assert.Equal(HttpStatusCode.Accepted, ours.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, theirs.StatusCode);
        Assert.False(theirs.Headers.Contains("Idempotent-Replayed"));
        var ourId = await IdOfAsync(ours);
        var theirId = await IdOfAsync(theirs);
        Assert.NotEqual(ourId, theirId);

        await saga.WaitForStatusAsync(ourId, "Completed");
        await Eventually.TrueAsync(
            async () => (await GetAsync(saga, theirId, otherKey)).GetProperty("status").GetString() == "Completed",
            TimeSpan.FromSeconds(60), $"The other tenant's order {theirId} did not complete.");
        Assert.Single(await ChargesOfAsync(saga, ourId));
        Assert.Single(await ChargesOfAsync(saga, theirId));
    }

    [Fact]
    public async Task Ten_concurrent_identical_requests_with_one_idempotency_key_place_one_order_and_charge_once()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var key = NewIdempotencyKey();
        var body = OrderSagaHarness.OrderJson(quantity: 2);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => saga.PlaceAsync(body, key)));
        try
        {
            Assert.All(responses, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
            var ids = await Task.WhenAll(responses.Select(IdOfAsync));
            var id = Assert.Single(ids.Distinct());
            Assert.All(responses, response => Assert.Equal($"/orders/{id}", response.Headers.Location?.OriginalString));
            Assert.Single(responses, response => !response.Headers.Contains("Idempotent-Replayed"));

            await saga.WaitForStatusAsync(id, "Completed");
            Assert.Single(await ChargesOfAsync(saga, id));
            var reservation = Assert.Single(await ReservationsOfAsync(saga, id));
            Assert.Equal(2, Assert.Single(reservation.GetProperty("lines").EnumerateArray()).GetProperty("quantity").GetInt32());
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    public static TheoryData<string, string> InvalidOrders => new()
    {
        { Order(o => o.Remove("customerId")), "customerId" },
        { Order(o => o["customerId"] = "   "), "customerId" },
        { Order(o => o["customerId"] = "cust\u00071"), "customerId" },
        { Order(o => o["customerId"] = new string('c', 65)), "customerId" },
        { Order(o => o["customerId"] = 42), "customerId" },
        { Order(o => o.Remove("currency")), "currency" },
        { Order(o => o["currency"] = "eur"), "currency" },
        { Order(o => o["currency"] = "EURO"), "currency" },
        { Order(o => o["currency"] = "XYZ"), "currency" },
        { Order(o => o.Remove("items")), "items" },
        { Order(o => o["items"] = new JsonArray()), "items" },
        { Order(o => o["items"] = "apple"), "items" },
        { Order(o => o["items"] = new JsonArray(42)), "items[0]" },
        { Order(o => Item(o).Remove("sku")), "items[0].sku" },
        { Order(o => Item(o)["sku"] = "red apple"), "items[0].sku" },
        { Order(o => Item(o)["sku"] = "../x"), "items[0].sku" },
        { Order(o => Item(o)["sku"] = ""), "items[0].sku" },
        { Order(o => Item(o).Remove("quantity")), "items[0].quantity" },
        { Order(o => Item(o)["quantity"] = -1), "items[0].quantity" },
        { Order(o => Item(o)["quantity"] = 0), "items[0].quantity" },
        { Order(o => Item(o)["quantity"] = 1.5), "items[0].quantity" },
        { Order(o => Item(o)["quantity"] = "2"), "items[0].quantity" },
        { Order(o => Item(o)["quantity"] = 10_001), "items[0].quantity" },
        { Order(o => Item(o)["quantity"] = JsonValue.Create(long.MaxValue)), "items[0].quantity" },
        { Order(o => Item(o)["unitPrice"] = 0), "items[0].unitPrice" },
        { Order(o => Item(o)["unitPrice"] = -1.25m), "items[0].unitPrice" },
        { Order(o => Item(o)["unitPrice"] = 1.2345m), "items[0].unitPrice" },
        { Order(o => Item(o)["unitPrice"] = "1.25"), "items[0].unitPrice" },
        { Order(o => Item(o)["unitPrice"] = 1.25m).Replace("1.25", "1.2500000000000000000000000000001", StringComparison.Ordinal), "items[0].unitPrice" },
        { Order(o => Item(o)["unitPrice"] = 1_000_001), "items[0].unitPrice" },
        { Order(o => Item(o)["discount"] = 1), "items[0].discount" },
        { Order(o => o.Remove("shippingAddress")), "shippingAddress" },
        { Order(o => o["shippingAddress"] = "1 Main St, Oslo"), "shippingAddress" },
        { Order(o => Address(o).Remove("line1")), "shippingAddress.line1" },
        { Order(o => Address(o)["city"] = new string('x', 101)), "shippingAddress.city" },
        { Order(o => Address(o)["country"] = "Norway"), "shippingAddress.country" },
        { Order(o => Address(o)["country"] = "no"), "shippingAddress.country" },
        { Order(o => Address(o)["zip"] = "0150"), "shippingAddress.zip" },
        { Order(o => o["coupon"] = "FREE"), "coupon" },
        { "[]", "" },
        { "42", "" },
        { "null", "" },
        { "\"an order\"", "" },
    };

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task An_invalid_order_is_refused_with_400_naming_the_field_by_its_json_path(string body, string path)
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);

        using var response = await saga.PlaceAsync(body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, OrderProblems.InvalidOrder);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(path, out var messages), $"No error under '{path}' in {errors}.");
        Assert.Contains(messages.EnumerateArray(), static m => !string.IsNullOrWhiteSpace(m.GetString()));
    }

    [Fact]
    public async Task Every_problem_of_an_order_is_reported_at_once_under_its_json_path()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var body = Order(o =>
        {
            o["currency"] = "eur";
            o["coupon"] = "FREE";
            Item(o)["quantity"] = -1;
            Item(o)["unitPrice"] = 1.2345m;
            o["items"]!.AsArray().Add(new JsonObject { ["sku"] = "../x", ["quantity"] = "2", ["unitPrice"] = 1 });
            Address(o)["country"] = "Norway";
        });

        using var response = await saga.PlaceAsync(body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, OrderProblems.InvalidOrder);
        var paths = problem.GetProperty("errors").EnumerateObject().Select(static e => e.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ["coupon", "currency", "items[0].quantity", "items[0].unitPrice", "items[1].quantity", "items[1].sku", "shippingAddress.country"],
            paths);
    }

    [Fact]
    public async Task An_order_of_101_items_is_refused_under_items()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var body = Order(o => o["items"] = new JsonArray(Enumerable.Range(0, 101).Select(i =>
            (JsonNode)new JsonObject { ["sku"] = $"sku-{i}", ["quantity"] = 1, ["unitPrice"] = 1 }).ToArray()));

        using var response = await saga.PlaceAsync(body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, OrderProblems.InvalidOrder);
        Assert.Equal(["items"], problem.GetProperty("errors").EnumerateObject().Select(static e => e.Name));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("")]
    [InlineData("{\"customerId\": \"cust-1\",}")]
    [InlineData("{\"customerId\": \"cust-1\"} {}")]
    [InlineData("{'customerId': 'cust-1'}")]
    [InlineData("{\"customerId\": \"cust-1\" /* comment */}")]
    public async Task A_body_that_is_not_json_is_refused_as_malformed(string body)
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);

        using var response = await saga.PlaceAsync(body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, OrderProblems.MalformedJson);
    }

    [Fact]
    public async Task Json_nested_100_levels_deep_is_refused_with_400_not_a_crash()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var objects = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        var arrays = Order(o => o["customerId"] = null).Replace("\"customerId\":null", "\"customerId\":" + new string('[', 100) + new string(']', 100), StringComparison.Ordinal);

        using var deepObjects = await saga.PlaceAsync(objects);
        using var deepArrays = await saga.PlaceAsync(arrays);

        await AssertProblemAsync(deepObjects, HttpStatusCode.BadRequest, OrderProblems.MalformedJson);
        await AssertProblemAsync(deepArrays, HttpStatusCode.BadRequest, OrderProblems.MalformedJson);
    }

    public static TheoryData<string> HostileJson => new()
    {
        // Duplicate names: the second customerId must not silently win, nor crash the reader.
        Order(o => o["customerId"] = "cust-1").Replace("\"customerId\":\"cust-1\"", "\"customerId\":\"cust-1\",\"customerId\":\"cust-2\"", StringComparison.Ordinal),
        Order(o => Address(o)["country"] = "NO").Replace("\"country\":\"NO\"", "\"country\":\"NO\",\"country\":\"SE\"", StringComparison.Ordinal),

        // An escaped lone surrogate is valid JSON syntax but not valid text.
        Order(o => o["customerId"] = "cust-1").Replace("\"cust-1\"", "\"cust\\ud800\"", StringComparison.Ordinal),
        Order(o => o["customerId"] = "cust-1").Replace("\"customerId\"", "\"\\udc00\"", StringComparison.Ordinal),
    };

    [Theory]
    [MemberData(nameof(HostileJson))]
    public async Task Syntactically_valid_but_hostile_json_is_refused_with_400_never_500(string body)
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);

        using var response = await saga.PlaceAsync(body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.Contains(JsonDocument.Parse(text).RootElement.GetProperty("code").GetString(), new[] { OrderProblems.MalformedJson, OrderProblems.InvalidOrder });
    }

    [Fact]
    public async Task A_body_that_is_not_valid_utf8_is_refused_with_400_never_500()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var valid = Encoding.UTF8.GetBytes(OrderSagaHarness.OrderJson(customerId: "cust-XX"));
        var at = valid.AsSpan().IndexOf("XX"u8);
        valid[at] = 0xC3;
        valid[at + 1] = 0x28;

        using var response = await PostAsync(saga, new ByteArrayContent(valid) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/json")]
    public async Task An_order_sent_as_something_other_than_json_is_refused_with_415(string mediaType)
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);

        using var response = await PostAsync(saga, new StringContent(OrderSagaHarness.OrderJson(), Encoding.UTF8, mediaType));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, OrderProblems.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_order_without_a_content_type_is_refused_with_415()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(OrderSagaHarness.OrderJson()));

        using var response = await PostAsync(saga, content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, OrderProblems.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_json_suffixed_media_type_with_a_charset_is_accepted()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var content = new StringContent(OrderSagaHarness.OrderJson(), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.orders+json; charset=utf-8");

        using var response = await PostAsync(saga, content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await CompletedAsync(saga, response);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_64_KiB_is_refused_with_413_whether_or_not_its_length_is_declared(bool chunked)
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var body = Padded(OrderSagaHarness.OrderJson(), MaxOrderBodyBytes + 1);

        using var response = await PostAsync(saga, new StringContent(body, Encoding.UTF8, "application/json"), chunked: chunked);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_valid_order_of_exactly_64_KiB_is_accepted(bool chunked)
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var body = Padded(OrderSagaHarness.OrderJson(), MaxOrderBodyBytes);

        using var response = await PostAsync(saga, new StringContent(body, Encoding.UTF8, "application/json"), chunked: chunked);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await CompletedAsync(saga, response);
    }

    [Fact]
    public async Task An_idempotency_key_of_300_characters_is_refused_with_400()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);

        using var response = await saga.PlaceAsync(OrderSagaHarness.OrderJson(), new string('k', 300));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, OrderProblems.InvalidIdempotencyKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\tinside")]
    public async Task An_empty_or_non_printable_idempotency_key_is_refused_with_400(string key)
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var content = new StringContent(OrderSagaHarness.OrderJson(), Encoding.UTF8, "application/json");

        using var response = await PostAsync(saga, content, idempotencyKey: key);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, OrderProblems.InvalidIdempotencyKey);
    }

    [Fact]
    public async Task An_idempotency_key_of_255_printable_characters_is_accepted()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var key = string.Concat(Enumerable.Range(0, 255).Select(static i => (char)('!' + (i % 94))));

        using var response = await saga.PlaceAsync(OrderSagaHarness.OrderJson(), key);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await CompletedAsync(saga, response);
    }

    [Fact]
    public async Task A_caller_without_credentials_is_refused_with_401_before_its_body_is_looked_at()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson());

        using var place = await saga.SendAsync(HttpMethod.Post, "/orders", "this is not json");
        using var get = await saga.SendAsync(HttpMethod.Get, $"/orders/{id}");
        using var cancel = await saga.SendAsync(HttpMethod.Post, $"/orders/{id}/cancel");

        foreach (var response in new[] { place, get, cancel })
        {
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
            Assert.NotEmpty(response.Headers.WwwAuthenticate);
        }

        await saga.WaitForStatusAsync(id, "Completed");
    }

    [Fact]
    public async Task An_unknown_api_key_is_refused_with_401()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);

        using var response = await saga.PlaceAsync(OrderSagaHarness.OrderJson(), key: "sk_not_a_real_key");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_without_orders_write_cannot_place_an_order_and_the_refused_request_stores_nothing()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var readOnly = await CreateApiKeyAsync(saga, OrderSagaHarness.Tenant, "orders:read");
        var key = NewIdempotencyKey();

        using var refused = await saga.PlaceAsync(OrderSagaHarness.OrderJson(), key, readOnly);

        await AssertProblemAsync(refused, HttpStatusCode.Forbidden, "insufficient_scope");
        using var placed = await saga.PlaceAsync(OrderSagaHarness.OrderJson(), key);
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        Assert.False(placed.Headers.Contains("Idempotent-Replayed"));
        await CompletedAsync(saga, placed);
    }

    [Fact]
    public async Task A_key_with_only_orders_write_cannot_read_an_order()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var writeOnly = await CreateApiKeyAsync(saga, OrderSagaHarness.Tenant, "orders:write");
        using var placed = await saga.PlaceAsync(OrderSagaHarness.OrderJson(), key: writeOnly);
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var id = await IdOfAsync(placed);
        await saga.WaitForStatusAsync(id, "Completed");

        using var response = await saga.SendAsync(HttpMethod.Get, $"/orders/{id}", key: writeOnly);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task Another_tenant_cannot_see_or_cancel_an_order_and_is_told_it_does_not_exist()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var other = await CreateApiKeyAsync(saga, OtherTenant, "orders:read", "orders:write");
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson());

        using var get = await saga.SendAsync(HttpMethod.Get, $"/orders/{id}", key: other);
        using var cancel = await saga.SendAsync(HttpMethod.Post, $"/orders/{id}/cancel", key: other);
        using var unknown = await saga.SendAsync(HttpMethod.Get, $"/orders/{Guid.NewGuid().ToString("N")}", key: other);

        var hidden = await AssertProblemAsync(get, HttpStatusCode.NotFound, OrderProblems.OrderNotFound);
        await AssertProblemAsync(cancel, HttpStatusCode.NotFound, OrderProblems.OrderNotFound);
        var missing = await AssertProblemAsync(unknown, HttpStatusCode.NotFound, OrderProblems.OrderNotFound);
        Assert.Equal(missing.GetProperty("title").GetString(), hidden.GetProperty("title").GetString());
        var order = await saga.WaitForStatusAsync(id, "Completed");
        Assert.False(order.GetProperty("cancelRequested").GetBoolean());
    }

    [Fact]
    public async Task An_operator_can_read_any_tenants_order()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson());

        var order = await GetAsync(saga, id, saga.OperatorKey);

        Assert.Equal(id, order.GetProperty("id").GetString());
        await saga.WaitForStatusAsync(id, "Completed");
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public async Task Reading_an_order_that_does_not_exist_or_cannot_exist_answers_404(string id)
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);

        using var response = await saga.SendAsync(HttpMethod.Get, $"/orders/{id}", key: saga.Key);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, OrderProblems.OrderNotFound);
    }

    [Fact]
    public async Task The_status_of_a_completed_order_shows_its_order_timing_and_step_history_but_nothing_internal()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(customerId: "cust-7", quantity: 3, unitPrice: 2.5m));
        await saga.WaitForStatusAsync(id, "Completed");

        using var response = await saga.SendAsync(HttpMethod.Get, $"/orders/{id}", key: saga.Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, order.GetProperty("id").GetString());
        Assert.Equal("Completed", order.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, order.GetProperty("step").ValueKind);
        Assert.Equal(JsonValueKind.Null, order.GetProperty("reason").ValueKind);
        var createdAt = order.GetProperty("createdAt").GetDateTimeOffset();
        var updatedAt = order.GetProperty("updatedAt").GetDateTimeOffset();
        Assert.InRange(createdAt, before, updatedAt);
        Assert.Equal("cust-7", order.GetProperty("customerId").GetString());
        Assert.Equal("EUR", order.GetProperty("currency").GetString());
        Assert.Equal(7.5m, order.GetProperty("total").GetDecimal());
        var item = Assert.Single(order.GetProperty("items").EnumerateArray());
        Assert.Equal("apple", item.GetProperty("sku").GetString());
        Assert.Equal(3, item.GetProperty("quantity").GetInt32());
        Assert.Equal(2.5m, item.GetProperty("unitPrice").GetDecimal());

        var history = order.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["ReserveInventory", "ChargePayment", "CreateShipment"], history.Select(static s => s.GetProperty("name").GetString()));
        var previousEnd = createdAt;
        foreach (var step in history)
        {
            Assert.Equal("Step", step.GetProperty("kind").GetString());
            Assert.Equal("Succeeded", step.GetProperty("outcome").GetString());
            Assert.Equal(1, step.GetProperty("attempts").GetInt32());
            var startedAt = step.GetProperty("startedAt").GetDateTimeOffset();
            var endedAt = step.GetProperty("endedAt").GetDateTimeOffset();
            Assert.InRange(startedAt, previousEnd, endedAt);
            previousEnd = endedAt;
        }

        foreach (var secret in new[] { "driver", "requestHash", "tenant", "eventSequence", "deadline", "mayHaveTakenEffect" })
        {
            Assert.False(order.TryGetProperty(secret, out _), $"The status exposes '{secret}'.");
            Assert.All(history, step => Assert.False(step.TryGetProperty(secret, out _), $"A history entry exposes '{secret}'."));
        }
    }

    [Fact]
    public async Task The_status_of_a_declined_order_names_the_reason_and_the_compensation()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(customerId: "cust-declined"));

        var order = await saga.WaitForStatusAsync(id, "Cancelled");

        Assert.Equal("card_declined", order.GetProperty("reason").GetString());
        Assert.Equal(
            ["ReserveInventory:Step:Succeeded", "ChargePayment:Step:Rejected", "ReleaseInventory:Compensation:Succeeded"],
            OrderSagaHarness.History(order));
        Assert.Empty(await ChargesOfAsync(saga, id));
    }

    /// <summary>Waits for the placed order to finish, so no unfinished order outlives the test for a later sweeper to resume.</summary>
    private static async Task CompletedAsync(OrderSagaHarness saga, HttpResponseMessage placed) =>
        await saga.WaitForStatusAsync(await IdOfAsync(placed), "Completed");

    private static string NewIdempotencyKey() => $"key-{Guid.NewGuid():N}";

    private static string Order(Action<JsonObject> change)
    {
        var order = JsonNode.Parse(OrderSagaHarness.OrderJson())!.AsObject();
        change(order);
        return order.ToJsonString();
    }

    private static JsonObject Item(JsonObject order) => order["items"]![0]!.AsObject();

    private static JsonObject Address(JsonObject order) => order["shippingAddress"]!.AsObject();

    /// <summary>The JSON with insignificant whitespace appended until it is exactly <paramref name="bytes"/> long in UTF-8.</summary>
    private static string Padded(string json, int bytes) => json + new string(' ', bytes - Encoding.UTF8.GetByteCount(json));

    private static async Task<string> CreateApiKeyAsync(OrderSagaHarness saga, string tenant, params string[] scopes) =>
        (await saga.Gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync(tenant, "standard", scopes, null, null, CancellationToken.None)).Key;

    private static async Task<string> IdOfAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

    private static async Task<JsonElement> GetAsync(OrderSagaHarness saga, string id, string key)
    {
        using var response = await saga.SendAsync(HttpMethod.Get, $"/orders/{id}", key: key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<HttpResponseMessage> PostAsync(OrderSagaHarness saga, HttpContent content, string? idempotencyKey = null, bool chunked = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = content };
        request.Headers.Add("X-Api-Key", saga.Key);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        return await saga.Gateway.Client.SendAsync(request);
    }

    private static async Task<List<JsonElement>> ChargesOfAsync(OrderSagaHarness saga, string id) =>
        [.. (await OrderSagaHarness.LedgerAsync(saga.Payment)).GetProperty("charges").EnumerateArray().Where(c => c.GetProperty("orderId").GetString() == id)];

    private static async Task<List<JsonElement>> ReservationsOfAsync(OrderSagaHarness saga, string id) =>
        [.. (await OrderSagaHarness.LedgerAsync(saga.Inventory)).GetProperty("reservations").EnumerateArray().Where(r => r.GetProperty("orderId").GetString() == id)];

    /// <summary>Asserts a Problem Details answer with the status and code, and no trace of the server's internals.</summary>
    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
