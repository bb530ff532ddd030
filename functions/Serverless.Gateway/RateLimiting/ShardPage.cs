namespace Serverless.Gateway.RateLimiting;

/// <summary>One page of a partition's rows in row-key order, and whether rows follow it.</summary>
public sealed record ShardPage(IReadOnlyList<ShardRow> Rows, bool HasMore);
