using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Orders;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Orders;

[Collection(AzuriteCollection.Name)]
public sealed class OrderSagaSweeperTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset LongAgo = DateTimeOffset.UtcNow.AddMinutes(-30);

    [Fact]
    public async Task A_saga_whose_messages_were_all_lost_is_resumed_by_the_sweeper_and_completes()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite, settings: ("Orders:StuckAfter", "00:10:00"));
        var store = saga.Gateway.Services.GetRequiredService<OrderSagaStore>();
        var state = OrderSagaHarness.NewState(quantity: 4, lastChanged: LongAgo);
        Assert.Null(await store.CreateAsync(state, [], CancellationToken.None));

        var resumed = await saga.Gateway.Services.GetRequiredService<OrderSagaSweeper>().SweepAsync(CancellationToken.None);

        Assert.True(resumed >= 1);
        await saga.WaitForStatusAsync(state.OrderId, "Completed");
        Assert.Equal(996, (await OrderSagaHarness.LedgerAsync(saga.Inventory)).GetProperty("stock").GetProperty("pear").GetInt32());
    }

    [Fact]
    public async Task A_saga_that_is_waiting_for_its_next_retry_is_left_alone()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite, settings: ("Orders:StuckAfter", "00:10:00"));
        var store = saga.Gateway.Services.GetRequiredService<OrderSagaStore>();
        var state = OrderSagaHarness.NewState(lastChanged: LongAgo, nextAttemptAt: DateTimeOffset.UtcNow.AddMinutes(10));
        Assert.Null(await store.CreateAsync(state, [], CancellationToken.None));

        await saga.Gateway.Services.GetRequiredService<OrderSagaSweeper>().SweepAsync(CancellationToken.None);

        var after = await store.GetAsync(state.OrderId, CancellationToken.None);
        Assert.Equal(state.Driver, after!.Driver);
        Assert.Equal(OrderStatus.Pending, after.Status);
    }
}
