using Azure.Data.Tables;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Storage;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class PartitionTransactionTests(AzuriteFixture azurite)
{
    private async Task<TableClient> TableAsync()
    {
        var table = new TableClient(azurite.ConnectionString, "tx" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    [Fact]
    public async Task A_batch_spanning_two_partitions_is_refused_even_though_azurite_would_accept_it()
    {
        var table = await TableAsync();
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Add, new TableEntity("order-1", "state")),
            new(TableTransactionActionType.Add, new TableEntity("order-2", "state")),
        ];

        var error = await Assert.ThrowsAsync<ArgumentException>(() => PartitionTransaction.SubmitAsync(table, actions, CancellationToken.None));

        Assert.Contains("one partition", error.Message, StringComparison.Ordinal);
        Assert.Empty(table.Query<TableEntity>().ToList());
    }

    [Fact]
    public async Task A_batch_over_one_hundred_operations_is_refused()
    {
        var table = await TableAsync();
        var actions = Enumerable.Range(0, 101)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}")))
            .ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => PartitionTransaction.SubmitAsync(table, actions, CancellationToken.None));
    }

    [Fact]
    public async Task A_single_partition_batch_commits_all_or_nothing()
    {
        var table = await TableAsync();
        await table.AddEntityAsync(new TableEntity("order-1", "outbox-2"));
        TableTransactionAction[] conflicting =
        [
            new(TableTransactionActionType.UpsertReplace, new TableEntity("order-1", "state") { ["Status"] = "Charged" }),
            new(TableTransactionActionType.Add, new TableEntity("order-1", "outbox-1")),
            new(TableTransactionActionType.Add, new TableEntity("order-1", "outbox-2")),
        ];

        await Assert.ThrowsAsync<Azure.Data.Tables.TableTransactionFailedException>(() => PartitionTransaction.SubmitAsync(table, conflicting, CancellationToken.None));
        Assert.Single(table.Query<TableEntity>().ToList());

        await PartitionTransaction.SubmitAsync(table, conflicting[..2], CancellationToken.None);
        Assert.Equal(3, table.Query<TableEntity>().Count());
    }
}
