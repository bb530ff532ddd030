using Azure;
using Serverless.Gateway.Benchmarks.Fleet;
using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Benchmarks.Tests;

/// <summary>
/// One simulated instance's store on the fleet's clock: Table semantics from <see cref="SimulatedTable"/>, cost and
/// latency from <see cref="TableStorageModel"/>, and the SDK's retries of a throttled operation.
/// </summary>
public sealed class SimulatedRateLimitStoreTests
{
    private const string Partition = "00-r-shared";
    private const string Instance = "host-0123456789ab";
    private static readonly DateTimeOffset Start = new(2026, 3, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly FleetTimeline _timeline = new(Start);
    private readonly SimulatedTable _table = new();
    private readonly TableStorageModel _model = new();
    private readonly SimulatedRateLimitStore _store;

    public SimulatedRateLimitStoreTests()
    {
        _store = new SimulatedRateLimitStore(_table, _model, _timeline, new Random(7), "node00001");
        _store.Bind(Instance);
    }

    [Fact]
    public async Task A_write_lands_when_its_answer_arrives_under_the_storage_id_and_reads_back_under_the_instance_id()
    {
        var write = _timeline.Start(() => _store.WriteAsync(Partition, [Row("tenant-a")], CancellationToken.None));

        Assert.Equal(0, _table.Count(Partition));
        RunUntil(write);
        Assert.True(_timeline.Now > Start);
        Assert.Equal("tenant-a|node00001.1", Assert.Single(_table.Read(Partition)).RowKey);

        var read = _timeline.Start(() => _store.ReadPartitionAsync(Partition, CancellationToken.None));
        RunUntil(read);
        Assert.Equal($"tenant-a|{Instance}.1", Assert.Single(await read).RowKey);
    }

    [Fact]
    public void An_operation_abandoned_before_its_answer_changes_nothing()
    {
        using var abandon = new CancellationTokenSource();
        var write = _timeline.Start(() => _store.WriteAsync(Partition, [Row("tenant-a")], abandon.Token));
        _timeline.At(Start, abandon.Cancel);

        RunUntil(write);

        Assert.True(write.IsCanceled);
        Assert.Equal(0, _table.Count(Partition));
    }

    [Fact]
    public void A_throttled_operation_is_retried_as_the_sdk_does_and_succeeds_once_its_partition_has_room()
    {
        _model.TryAdmit(Partition, TableStorageModel.PartitionEntitiesPerSecond, Start);

        var write = _timeline.Start(() => _store.WriteAsync(Partition, [Row("tenant-a")], CancellationToken.None));
        RunUntil(write);

        Assert.True(write.IsCompletedSuccessfully);
        Assert.True(_timeline.Now >= Start.AddSeconds(0.64));
        Assert.InRange(_model.Usage(Start, Start.AddSeconds(3)).Throttled, 1, 2);
        Assert.Equal(1, _table.Count(Partition));
    }

    [Fact]
    public void A_partition_throttled_through_every_retry_fails_with_503_server_busy_after_four_tries()
    {
        for (var second = 0; second < 10; second++)
        {
            _model.TryAdmit(Partition, TableStorageModel.PartitionEntitiesPerSecond, Start.AddSeconds(second));
        }

        var write = _timeline.Start(() => _store.WriteAsync(Partition, [Row("tenant-a")], CancellationToken.None));
        RunUntil(write);

        var failure = Assert.IsType<RequestFailedException>(write.Exception!.InnerException);
        Assert.Equal((503, "ServerBusy"), (failure.Status, failure.ErrorCode));
        Assert.Equal(4, _model.Usage(Start, Start.AddSeconds(10)).Throttled);
        Assert.Equal(0, _table.Count(Partition));
    }

    [Fact]
    public async Task A_read_of_1500_rows_costs_two_page_transactions_and_an_empty_read_one()
    {
        _table.Upsert(Partition, Enumerable.Range(0, 1_500).Select(i => Row($"tenant-{i:D4}")));

        var read = _timeline.Start(() => _store.ReadPartitionAsync(Partition, CancellationToken.None));
        RunUntil(read);
        var empty = _timeline.Start(() => _store.ReadPartitionAsync("01-r-shared", CancellationToken.None));
        RunUntil(empty);

        Assert.Equal(1_500, (await read).Count);
        Assert.Empty(await empty);
        var usage = _model.Usage(Start, Start.AddSeconds(1));
        Assert.Equal(3, usage.Transactions);
        Assert.Equal(1_500, usage.Partitions[Partition][0].AttemptedEntities);
    }

    private static ShardRow Row(string key) =>
        new(Partition, $"{key}|{Instance}.1", 1, 1, 1, 0, 1, 1, 0, Start.AddSeconds(1));

    private void RunUntil(Task task)
    {
        _timeline.AdvanceTo(_timeline.Now);
        while (!task.IsCompleted && _timeline.TryPeek(out _))
        {
            _timeline.RunNext();
        }

        Assert.True(task.IsCompleted, "The operation never completed.");
    }
}
