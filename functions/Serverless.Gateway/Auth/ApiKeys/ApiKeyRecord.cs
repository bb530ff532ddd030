namespace Serverless.Gateway.Auth.ApiKeys;

/// <summary>What is stored about one API key: never the secret, only its salted hash.</summary>
public sealed record ApiKeyRecord
{
    public required string KeyId { get; init; }

    public required string Tenant { get; init; }

    public required string Plan { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public string? Name { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public required byte[] Salt { get; init; }

    public required byte[] SecretHash { get; init; }

    /// <summary>After a rotation, the old secret keeps working until <see cref="PreviousValidUntil"/>.</summary>
    public byte[]? PreviousSalt { get; init; }

    public byte[]? PreviousSecretHash { get; init; }

    public DateTimeOffset? PreviousValidUntil { get; init; }

    /// <summary>Web origins the key may be used from (a publishable key for browser apps); empty: any, or none.</summary>
    public IReadOnlyList<string> Origins { get; init; } = [];

    /// <summary>Client address ranges (CIDR) the key may be used from; empty: any not denied.</summary>
    public IReadOnlyList<string> AllowIps { get; init; } = [];

    /// <summary>Client address ranges (CIDR) the key may not be used from.</summary>
    public IReadOnlyList<string> DenyIps { get; init; } = [];

    /// <summary>The storage ETag, for optimistic concurrency on revoke and rotate.</summary>
    public string? ETag { get; init; }
}
