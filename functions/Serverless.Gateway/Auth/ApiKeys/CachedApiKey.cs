using Serverless.Gateway.AccessRules;

namespace Serverless.Gateway.Auth.ApiKeys;

/// <summary>A key as last read from storage (or the fact that it does not exist), with its pre-built identity.</summary>
public sealed class CachedApiKey(ApiKeyRecord? record, DateTimeOffset fetchedAt)
{
    private int _refreshing;

    public ApiKeyRecord? Record { get; } = record;

    public CallerIdentity? Identity { get; } = record is null
        ? null
        : new CallerIdentity(CallerIdentity.ApiKeyScheme, record.Tenant, record.KeyId, record.Plan, record.Scopes)
        {
            Access = ClientAccessRules.Create(record.Origins, record.AllowIps, record.DenyIps),
        };

    public DateTimeOffset FetchedAt { get; } = fetchedAt;

    /// <summary>When a background refresh last failed, so a storage outage is not retried on every request.</summary>
    public DateTimeOffset LastFailedRefresh { get; set; }

    /// <summary>
    /// The secret as last verified against the stored hash, kept in this process only (never stored or logged), so the
    /// next request with the same secret needs a constant-time byte comparison instead of a SHA-256.
    /// </summary>
    public byte[]? VerifiedSecret { get; set; }

    public bool TryBeginRefresh() => Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0;

    public void EndRefresh() => Volatile.Write(ref _refreshing, 0);
}
