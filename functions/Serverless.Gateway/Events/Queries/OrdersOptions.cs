using System.ComponentModel.DataAnnotations;
using Serverless.Gateway.Auth;

namespace Serverless.Gateway.Events.Queries;

/// <summary>
/// The order queries the gateway answers itself from the events it consumes (<c>GET /orders?customerId=</c> and
/// <c>GET /orders/{id}/events</c>), bound from the <c>Orders</c> section. Placing, reading and acting on orders is the
/// orders service's, behind a route like any backend. Off by default.
/// </summary>
public sealed class OrdersOptions
{
    public const string SectionName = "Orders";

    /// <summary>Whether the order queries are served. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Credentials the queries accept. Default an API key or a JWT.</summary>
    public AuthRequirement Require { get; set; } = AuthRequirement.ApiKeyOrJwt;

    /// <summary>
    /// The rate-limit policy the queries count against, as a route's <c>RateLimitPolicy</c>: a policy name, or
    /// <c>plan</c> for the caller's plan's policy. Default <c>plan</c>; empty for none. The plan's quotas count either way.
    /// </summary>
    public string? RateLimitPolicy { get; set; } = "plan";

    /// <summary>Scope needed to query orders. Default <c>orders:read</c>.</summary>
    [Required]
    public string ReadScope { get; set; } = "orders:read";

    /// <summary>Scope of operators, who may query any tenant's orders. Default <c>orders:operate</c>.</summary>
    [Required]
    public string OperatorScope { get; set; } = "orders:operate";
}
