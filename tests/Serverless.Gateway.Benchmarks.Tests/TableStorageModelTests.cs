using Serverless.Gateway.Benchmarks.Fleet;

namespace Serverless.Gateway.Benchmarks.Tests;

/// <summary>The fleet simulation's model of Table Storage throttles exactly above Azure's targets, per second of simulated time.</summary>
public sealed class TableStorageModelTests
{
    private static readonly DateTimeOffset Second = new(2026, 3, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_partition_serves_2000_entities_in_a_second_and_throttles_the_next_one_until_the_second_ends()
    {
        var model = new TableStorageModel();

        Assert.True(model.TryAdmit("p", 1_000, Second));
        Assert.True(model.TryAdmit("p", 1_000, Second.AddMilliseconds(999)));
        Assert.False(model.TryAdmit("p", 1, Second.AddMilliseconds(999)));
        Assert.True(model.TryAdmit("other", 1_000, Second.AddMilliseconds(999)));
        Assert.True(model.TryAdmit("p", 1_000, Second.AddSeconds(1)));
    }

    [Fact]
    public void The_account_serves_20000_transactions_in_a_second_over_any_partitions_and_throttles_the_next()
    {
        var model = new TableStorageModel();

        for (var i = 0; i < TableStorageModel.AccountTransactionsPerSecond; i++)
        {
            Assert.True(model.TryAdmit($"p{i % 100}", 1, Second.AddTicks(i)));
        }

        Assert.False(model.TryAdmit("fresh", 1, Second.AddMilliseconds(999)));
        Assert.True(model.TryAdmit("fresh", 1, Second.AddSeconds(1)));
    }

    [Fact]
    public void Load_at_the_partition_target_is_never_throttled_and_load_above_it_is_every_second()
    {
        var atTarget = new TableStorageModel();
        var above = new TableStorageModel();

        // Ten seconds of batches of 100 entities every 50 ms (2,000/s), and every 47.5 ms (about 2,100/s).
        for (var i = 0; i < 200; i++)
        {
            atTarget.TryAdmit("p", 100, Second.AddMilliseconds(i * 50));
        }

        for (var i = 0; i < 210; i++)
        {
            above.TryAdmit("p", 100, Second.AddMilliseconds(i * 47.5));
        }

        var usage = atTarget.Usage(Second, Second.AddSeconds(10));
        Assert.Equal(0, usage.Throttled);
        Assert.Equal(2_000, usage.PartitionEntitiesMax);
        Assert.True(usage.WithinTargets);
        var over = above.Usage(Second, Second.AddSeconds(10));
        Assert.All(over.Partitions["p"].Take(9), bucket => Assert.True(bucket.ThrottledTransactions > 0));
        Assert.All(over.Partitions["p"], bucket => Assert.True(bucket.ServedEntities <= TableStorageModel.PartitionEntitiesPerSecond));
        Assert.Equal(2_200, over.PartitionEntitiesMax);
        Assert.False(over.WithinTargets);
    }

    [Fact]
    public void Usage_counts_what_was_asked_throttled_operations_included_and_an_operation_on_no_entity_as_one()
    {
        var model = new TableStorageModel();
        model.TryAdmit("p", 2_000, Second);
        model.TryAdmit("p", 0, Second.AddMilliseconds(1));
        model.TryAdmit("q", 0, Second.AddSeconds(1));

        var usage = model.Usage(Second, Second.AddSeconds(2));

        Assert.Equal(2, usage.Seconds);
        Assert.Equal(2_001, usage.PartitionEntitiesMax);
        Assert.Equal("p", usage.HottestPartition);
        Assert.Equal(3, usage.Transactions);
        Assert.Equal(1, usage.Throttled);
        Assert.Equal(2, usage.AccountTransactionsMax);
        Assert.Equal(new long[] { 2_001, 1 }, usage.Account.Select(static bucket => bucket.AttemptedEntities));
    }
}
