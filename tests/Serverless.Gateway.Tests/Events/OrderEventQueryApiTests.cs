using Serverless.Gateway.Events;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Events.Audit;
using Serverless.Gateway.Events.Projection;
using Serverless.Gateway.Problems;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Orders;
using static Serverless.Gateway.Tests.Events.OrderEventDeliveries;

namespace Serverless.Gateway.Tests.Events;

/// <summary>
/// <c>GET /orders?customerId=...</c> and <c>GET /orders/{id}/events</c> as clients see them: ordering and bounds, who may
/// see what, and hostile query input answered with 4xx or an empty list, never 500. The read models are filled by
/// delivering events to the consumer functions (FunctionsHost mode, so nothing else runs).
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrderEventQueryApiTests(AzuriteFixture azurite)
{
    private const string OtherTenant = "fabrikam";

    [Fact]
    public async Task A_customers_orders_are_listed_newest_first_each_as_of_its_latest_event_and_no_one_elses()
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        var customerId = NewCustomerId();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var (oldest, middle, newest) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        await DeliverAsync(saga, OrderProjectionFunction.FunctionName, Placed(oldest, customerId, start));
        await DeliverAsync(saga, OrderProjectionFunction.FunctionName, Placed(middle, customerId, start.AddMinutes(1)));
        await DeliverAsync(saga, OrderProjectionFunction.FunctionName, Placed(newest, customerId, start.AddMinutes(2)));
        await DeliverAsync(saga, OrderProjectionFunction.FunctionName, Event(oldest, 2, OrderEventTypes.Cancelled, "Cancelled", customerId, start.AddMinutes(3), reason: "out_of_stock"));
        await DeliverAsync(saga, OrderProjectionFunction.FunctionName, Placed(Guid.NewGuid().ToString("N"), NewCustomerId(), start.AddMinutes(4)));
        await DeliverAsync(saga, OrderProjectionFunction.FunctionName, Placed(Guid.NewGuid().ToString("N"), customerId, start.AddMinutes(5), tenant: OtherTenant));

        var list = await ListAsync(saga, customerId);

        Assert.Equal(customerId, list.GetProperty("customerId").GetString());
        Assert.False(list.GetProperty("truncated").GetBoolean());
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([oldest, newest, middle], items.Select(static i => i.GetProperty("id").GetString()));
        var cancelled = items[0];
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("out_of_stock", cancelled.GetProperty("reason").GetString());
        Assert.Equal(2, cancelled.GetProperty("sequence").GetInt64());
        Assert.Equal(start.AddMinutes(3), cancelled.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal(customerId, cancelled.GetProperty("customerId").GetString());
        Assert.Equal(2.50m, cancelled.GetProperty("total").GetDecimal());
        Assert.Equal(Currency, cancelled.GetProperty("currency").GetString());
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("reason").ValueKind);
        Assert.Equal(["id", "customerId", "status", "reason", "total", "currency", "updatedAt", "sequence"], cancelled.EnumerateObject().Select(static p => p.Name));
    }

    [Fact]
    public async Task A_customer_with_more_than_100_orders_gets_the_newest_100_and_is_told_the_list_is_truncated()
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        var store = saga.Gateway.Services.GetRequiredService<OrderProjectionStore>();
        var customerId = NewCustomerId();
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var orders = Enumerable.Range(0, OrderProjectionQueryEndpoint.MaxItems + 1)
            .Select(i => new ProjectedOrder(OrderSagaHarness.Tenant, Guid.NewGuid().ToString("N"), customerId, "Completed", null, i, Currency, 2, $"e-{i}", start.AddMinutes(i)))
            .ToList();
        await Task.WhenAll(orders.Select(order => store.TryInsertAsync(order, CancellationToken.None)));

        var list = await ListAsync(saga, customerId);

        Assert.True(list.GetProperty("truncated").GetBoolean());
        var ids = list.GetProperty("items").EnumerateArray().Select(static i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(orders.AsEnumerable().Reverse().Take(OrderProjectionQueryEndpoint.MaxItems).Select(static o => o.OrderId), ids);
    }

    [Theory]
    [InlineData("/orders")]
    [InlineData("/orders?customerId=")]
    [InlineData("/orders?customerId=%20%20%20")]
    [InlineData("/orders?customerid")]
    [InlineData("/orders?customerId=a&customerId=b")]
    [InlineData("/orders?customerId=cust%00x")]
    [InlineData("/orders?customerId=cust%0D%0Ax")]
    [InlineData("/orders?customerId=ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc")]
    public async Task A_missing_repeated_or_invalid_customer_id_is_refused_with_400_naming_the_parameter(string pathAndQuery)
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);

        using var response = await GetAsync(saga, pathAndQuery, saga.Key);

        var problem = await AssertProblemAsync(response, StatusCodes.Status400BadRequest, OrderProjectionQueryEndpoint.InvalidQuery);
        Assert.Equal([OrderProjectionQueryEndpoint.CustomerIdParameter], problem.GetProperty("errors").EnumerateObject().Select(static e => e.Name));
        Assert.Contains(OrderProjectionQueryEndpoint.CustomerIdParameter, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a%07b")]
    [InlineData("tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt")]
    public async Task An_invalid_tenant_parameter_is_refused_with_400_naming_it(string tenant)
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);

        using var response = await GetAsync(saga, $"/orders?customerId=cust-1&tenant={tenant}", saga.OperatorKey);

        var problem = await AssertProblemAsync(response, StatusCodes.Status400BadRequest, OrderProjectionQueryEndpoint.InvalidQuery);
        Assert.Equal([OrderProjectionQueryEndpoint.TenantParameter], problem.GetProperty("errors").EnumerateObject().Select(static e => e.Name));
    }

    [Theory]
    [InlineData("' or PartitionKey ne '")]
    [InlineData("x' or CustomerId ne 'x")]
    [InlineData("'")]
    [InlineData("*")]
    [InlineData("../../x")]
    [InlineData("a/b?c#d\\e")]
    [InlineData("kund-ø-🙂")]
    [InlineData("%ZZ")]
    public async Task A_hostile_customer_id_finds_nothing_and_never_fails(string customerId)
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        await DeliverAsync(saga, OrderProjectionFunction.FunctionName, Placed(Guid.NewGuid().ToString("N"), NewCustomerId(), DateTimeOffset.UtcNow));

        var list = await ListAsync(saga, customerId);
        var asOperator = await GetOkAsync(saga, $"/orders?customerId={Uri.EscapeDataString(customerId)}&tenant={Uri.EscapeDataString(customerId)}", saga.OperatorKey);

        Assert.Empty(list.GetProperty("items").EnumerateArray());
        Assert.Empty(asOperator.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("/orders?customerId=%ED%A0%80")]
    [InlineData("/orders?customerId=%C3%28")]
    [InlineData("/orders?customerId=%FF%FE")]
    public async Task A_customer_id_that_is_not_valid_utf8_is_answered_without_a_server_error(string pathAndQuery)
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);

        using var response = await GetAsync(saga, pathAndQuery, saga.Key);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_sees_only_its_own_customers_orders_and_only_an_operator_may_name_another_tenant()
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        var other = await CreateKeyAsync(saga, OtherTenant, "orders:read", "orders:write");
        var customerId = NewCustomerId();
        var ours = Guid.NewGuid().ToString("N");
        await DeliverAsync(saga, OrderProjectionFunction.FunctionName, Placed(ours, customerId, DateTimeOffset.UtcNow));

        Assert.Empty((await ListAsync(saga, customerId, other)).GetProperty("items").EnumerateArray());
        using (var named = await GetAsync(saga, $"/orders?customerId={customerId}&tenant={OrderSagaHarness.Tenant}", other))
        {
            await AssertProblemAsync(named, StatusCodes.Status403Forbidden, ProblemCodes.InsufficientScope);
        }

        var own = await GetOkAsync(saga, $"/orders?customerId={customerId}&tenant={OrderSagaHarness.Tenant}", saga.Key);
        Assert.Equal(ours, Assert.Single(own.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        var operatorView = await GetOkAsync(saga, $"/orders?customerId={customerId}&tenant={OrderSagaHarness.Tenant}", saga.OperatorKey);
        Assert.Equal(ours, Assert.Single(operatorView.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty((await ListAsync(saga, customerId, saga.OperatorKey)).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("/orders?customerId=cust-1")]
    [InlineData("/orders/0123456789abcdef0123456789abcdef/events")]
    public async Task Both_queries_refuse_a_caller_without_credentials_with_401_and_without_orders_read_with_403(string pathAndQuery)
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        var writeOnly = await CreateKeyAsync(saga, OrderSagaHarness.Tenant, "orders:write");

        using var anonymous = await GetAsync(saga, pathAndQuery, key: null);
        using var unknown = await GetAsync(saga, pathAndQuery, key: "sk_not_a_real_key");
        using var forbidden = await GetAsync(saga, pathAndQuery, writeOnly);

        await AssertProblemAsync(anonymous, StatusCodes.Status401Unauthorized, ProblemCodes.Unauthenticated);
        Assert.NotEmpty(anonymous.Headers.WwwAuthenticate);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        await AssertProblemAsync(forbidden, StatusCodes.Status403Forbidden, ProblemCodes.InsufficientScope);
    }

    [Fact]
    public async Task The_audit_trail_is_shown_to_the_owning_tenant_and_operators_and_to_anyone_else_as_a_missing_order()
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        var other = await CreateKeyAsync(saga, OtherTenant, "orders:read");
        var orderId = Guid.NewGuid().ToString("N");
        var customerId = NewCustomerId();
        var now = DateTimeOffset.UtcNow;
        await DeliverAsync(saga, OrderAuditFunction.FunctionName, Placed(orderId, customerId, now));
        await DeliverAsync(saga, OrderAuditFunction.FunctionName, Completed(orderId, customerId, now.AddSeconds(2)));

        var trail = await TrailAsync(saga, orderId);
        var operatorTrail = await TrailAsync(saga, orderId, saga.OperatorKey);
        using var hidden = await GetAsync(saga, $"/orders/{orderId}/events", other);
        using var unknown = await GetAsync(saga, $"/orders/{Guid.NewGuid().ToString("N")}/events", other);

        Assert.Equal(orderId, trail.GetProperty("orderId").GetString());
        Assert.False(trail.GetProperty("truncated").GetBoolean());
        var items = trail.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([$"{orderId}-1", $"{orderId}-2"], items.Select(static e => e.GetProperty("id").GetString()));
        Assert.Equal(["Pending", "Completed"], items.Select(static e => e.GetProperty("status").GetString()));
        Assert.Equal(now.AddSeconds(2), items[1].GetProperty("time").GetDateTimeOffset());
        Assert.All(items, static e => Assert.False(e.TryGetProperty("tenant", out _), "The trail exposes the tenant."));
        Assert.Equal(trail.GetRawText(), operatorTrail.GetRawText());
        var hiddenProblem = await AssertProblemAsync(hidden, StatusCodes.Status404NotFound, OrderProblems.OrderNotFound);
        var unknownProblem = await AssertProblemAsync(unknown, StatusCodes.Status404NotFound, OrderProblems.OrderNotFound);
        Assert.Equal(unknownProblem.GetProperty("title").GetString(), hiddenProblem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_order_with_no_events_recorded_yet_has_no_trail_for_anyone()
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        var other = await CreateKeyAsync(saga, OtherTenant, "orders:read");
        var orderId = new OrderEventSequence().OrderId;

        using var own = await GetAsync(saga, $"/orders/{orderId}/events", saga.Key);
        using var hidden = await GetAsync(saga, $"/orders/{orderId}/events", other);

        await AssertProblemAsync(own, StatusCodes.Status404NotFound, OrderProblems.OrderNotFound);
        await AssertProblemAsync(hidden, StatusCodes.Status404NotFound, OrderProblems.OrderNotFound);
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("%27%20or%20PartitionKey%20ne%20%27")]
    [InlineData("%00")]
    [InlineData("%ED%A0%80")]
    public async Task The_trail_of_an_order_that_cannot_exist_is_404(string id)
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);

        using var response = await GetAsync(saga, $"/orders/{id}/events", saga.OperatorKey);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trail_is_cut_at_its_bound_and_says_so()
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        var store = saga.Gateway.Services.GetRequiredService<OrderAuditStore>();
        var orderId = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var entries = Enumerable.Range(1, OrderAuditQueryEndpoint.MaxItems + 1)
            .Select(i => new AuditEntry(orderId, i, $"{orderId}-{i}", OrderEventTypes.NeedsAttention, OrderEventDeliveries.Source, now, OrderSagaHarness.Tenant, "NeedsAttention", null, "{}", now))
            .ToList();
        foreach (var chunk in entries.Chunk(50))
        {
            await Task.WhenAll(chunk.Select(entry => store.TryAppendAsync(entry, CancellationToken.None)));
        }

        var trail = await TrailAsync(saga, orderId);

        Assert.True(trail.GetProperty("truncated").GetBoolean());
        var sequences = trail.GetProperty("items").EnumerateArray().Select(static e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, OrderAuditQueryEndpoint.MaxItems).Select(static i => (long)i), sequences);
    }

    private static async Task<string> CreateKeyAsync(OrderSagaHarness saga, string tenant, params string[] scopes) =>
        (await saga.Gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync(tenant, "standard", scopes, null, null, CancellationToken.None)).Key;
}
