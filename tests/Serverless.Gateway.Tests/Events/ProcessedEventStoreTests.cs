using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Events;
using Serverless.Gateway.Tests.Functions;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Events;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class ProcessedEventStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_cleanup_timer_forgets_expired_event_ids_and_keeps_the_rest()
    {
        await using var app = await FunctionsTestApp.StartUnderFunctionsHostAsync(azurite);
        var store = app.App.Services.GetRequiredService<ProcessedEventStore>();
        var consumer = "test-" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        await store.MarkProcessedAsync(consumer, "expired-1", now.AddMinutes(-5), CancellationToken.None);
        await store.MarkProcessedAsync(consumer, "expired/2?#", now.AddDays(-1), CancellationToken.None);
        await store.MarkProcessedAsync(consumer, "live", now.AddDays(1), CancellationToken.None);

        using var response = await app.Client.PostAsJsonAsync($"/{ProcessedEventsCleanupFunction.FunctionName}", new
        {
            Data = new { timer = new { Schedule = new { AdjustForDST = true }, IsPastDue = false } },
            Metadata = new { sys = new { MethodName = ProcessedEventsCleanupFunction.FunctionName, UtcNow = now } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(await store.IsProcessedAsync(consumer, "expired-1", CancellationToken.None));
        Assert.False(await store.IsProcessedAsync(consumer, "expired/2?#", CancellationToken.None));
        Assert.True(await store.IsProcessedAsync(consumer, "live", CancellationToken.None));
    }
}
