namespace Serverless.Gateway.Routing;

/// <summary>How a backend with <c>Groups</c> assigns requests to a group (docs/progressive-delivery.md).</summary>
public sealed class BackendSplitOptions
{
    /// <summary>
    /// The key a caller's group sticks to: <c>Tenant</c> (default), <c>ApiKey</c>, <c>Subject</c> (all from the
    /// authenticated identity, never from client headers) or <c>Header:&lt;name&gt;</c>. Callers without that key
    /// (anonymous, or no such header) stick by client IP address.
    /// </summary>
    public string StickyBy { get; set; } = "Tenant";

    /// <summary>A request header whose value names a group to pin the request to (for testers). Default <c>X-Backend-Group</c>; values naming no group are ignored.</summary>
    public string OverrideHeader { get; set; } = "X-Backend-Group";

    /// <summary>Plans or tenants sent to a chosen group before weights apply; the first matching entry wins.</summary>
    public List<SplitTargetOptions> Targets { get; set; } = [];

    /// <summary>Optional automatic rollback of a canary group.</summary>
    public CanaryRollbackOptions Rollback { get; set; } = new();
}
