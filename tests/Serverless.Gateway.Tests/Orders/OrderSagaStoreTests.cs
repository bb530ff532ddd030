using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Orders;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Orders;

[Collection(AzuriteCollection.Name)]
public sealed class OrderSagaStoreTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(50, 1)]
    [InlineData(900, 1)]
    [InlineData(1200, 2)]
    public async Task A_delay_with_a_fraction_of_a_second_is_rounded_up_so_a_retry_is_never_early(int delayMs, int expectedSeconds)
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var store = saga.Gateway.Services.GetRequiredService<OrderSagaStore>();

        var receipt = await store.SendAsync(OrderEvents.QueueName, "{}", TimeSpan.FromMilliseconds(delayMs), CancellationToken.None);

        Assert.Equal(expectedSeconds, (receipt.TimeNextVisible - receipt.InsertionTime).TotalSeconds, 0.001);
    }
}
