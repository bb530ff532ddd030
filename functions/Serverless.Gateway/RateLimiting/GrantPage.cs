namespace Serverless.Gateway.RateLimiting;

/// <summary>One page of a grant partition's grants in row-key order, and whether grants follow it.</summary>
public sealed record GrantPage(IReadOnlyList<GrantRow> Grants, bool HasMore);
