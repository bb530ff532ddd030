namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>What a cost formula predicts for a scenario: account transactions per second and the hottest partition's entities per second.</summary>
public sealed record CostPrediction(double AccountTransactionsPerSecond, double PartitionEntitiesPerSecond, string HottestPartition);
