namespace Serverless.Gateway.Forwarding.Canary;

/// <summary>One <c>Split:Targets</c> entry: tenants (exact) and plans (any case) sent to a group.</summary>
internal sealed record SplitTarget(HashSet<string> Tenants, HashSet<string> Plans, int Group);
