using System.Text.RegularExpressions;
using Serverless.Gateway.AccessRules;

namespace Serverless.Gateway.Auth.ApiKeys;

/// <summary>Creates, rotates and revokes keys; the one place a secret exists in clear, and only to hand it out once.</summary>
public sealed partial class ApiKeyManager(ApiKeyStore store, TimeProvider time)
{
    public Task<IssuedApiKey> CreateAsync(
        string tenant, string plan, IReadOnlyList<string> scopes, DateTimeOffset? expiresAt, string? name, CancellationToken cancellationToken) =>
        CreateAsync(tenant, plan, scopes, expiresAt, name, ApiKeyAccess.Unrestricted, cancellationToken);

    /// <summary>A key usable only from <paramref name="access"/>'s origins and addresses; they are checked and stored in their normal form.</summary>
    public async Task<IssuedApiKey> CreateAsync(
        string tenant, string plan, IReadOnlyList<string> scopes, DateTimeOffset? expiresAt, string? name, ApiKeyAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        RequireIdentifier(tenant, "tenant");
        RequireIdentifier(plan, "plan");
        foreach (var scope in scopes)
        {
            if (!ScopePattern().IsMatch(scope))
            {
                throw new ArgumentException($"Scope '{scope}' may only contain letters, digits and . : _ - /.", nameof(scopes));
            }
        }

        var now = time.GetUtcNow();
        if (expiresAt <= now)
        {
            throw new ArgumentException("The expiry must be in the future.", nameof(expiresAt));
        }

        var keyId = ApiKeyFormat.NewKeyId();
        var secret = ApiKeyFormat.NewSecret();
        var salt = ApiKeyHasher.NewSalt();
        var record = new ApiKeyRecord
        {
            KeyId = keyId,
            Tenant = tenant,
            Plan = plan,
            Scopes = scopes,
            Name = name,
            CreatedAt = now,
            ExpiresAt = expiresAt,
            Salt = salt,
            SecretHash = ApiKeyHasher.Hash(salt, secret),
            Origins = NormalizeOrigins(access.Origins),
            AllowIps = NormalizeRanges(access.AllowIps, "allowed address range"),
            DenyIps = NormalizeRanges(access.DenyIps, "denied address range"),
        };
        await store.CreateAsync(record, cancellationToken);
        return new IssuedApiKey(record, ApiKeyFormat.Compose(keyId, secret));
    }

    /// <summary>Issues a new secret; the old one keeps working for <paramref name="grace"/> so clients can switch over.</summary>
    public async Task<IssuedApiKey> RotateAsync(string keyId, TimeSpan grace, CancellationToken cancellationToken)
    {
        var current = await GetLiveAsync(keyId, cancellationToken);
        var secret = ApiKeyFormat.NewSecret();
        var salt = ApiKeyHasher.NewSalt();
        var rotated = current with
        {
            Salt = salt,
            SecretHash = ApiKeyHasher.Hash(salt, secret),
            PreviousSalt = current.Salt,
            PreviousSecretHash = current.SecretHash,
            PreviousValidUntil = time.GetUtcNow() + grace,
        };
        await store.UpdateAsync(rotated, cancellationToken);
        return new IssuedApiKey(rotated, ApiKeyFormat.Compose(keyId, secret));
    }

    public async Task<ApiKeyRecord> RevokeAsync(string keyId, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(keyId, cancellationToken)
            ?? throw new KeyNotFoundException($"There is no API key with id '{keyId}'.");
        if (current.RevokedAt is not null)
        {
            return current;
        }

        var revoked = current with { RevokedAt = time.GetUtcNow() };
        await store.UpdateAsync(revoked, cancellationToken);
        return revoked;
    }

    public IAsyncEnumerable<ApiKeyRecord> ListAsync(string? tenant, CancellationToken cancellationToken) => store.ListAsync(tenant, cancellationToken);

    private async Task<ApiKeyRecord> GetLiveAsync(string keyId, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(keyId, cancellationToken)
            ?? throw new KeyNotFoundException($"There is no API key with id '{keyId}'.");
        return record.RevokedAt is null
            ? record
            : throw new InvalidOperationException($"API key '{keyId}' is revoked; create a new key instead.");
    }

    private static string[] NormalizeOrigins(IReadOnlyList<string> origins)
    {
        var normalized = new string[origins.Count];
        for (var i = 0; i < origins.Count; i++)
        {
            // A key for any site would be a key with an Origin header to write, which any non-browser client can do.
            if (origins[i] == AllowedOrigin.Any)
            {
                throw new ArgumentException("origin '*' is not allowed on a key: list the sites the key is for, e.g. https://app.example.com.");
            }

            normalized[i] = AllowedOrigin.TryNormalize(origins[i], out var origin, out var error) ? origin : throw new ArgumentException($"origin {error}");
        }

        return normalized;
    }

    private static string[] NormalizeRanges(IReadOnlyList<string> ranges, string what)
    {
        var normalized = new string[ranges.Count];
        for (var i = 0; i < ranges.Count; i++)
        {
            normalized[i] = IpRange.TryParse(ranges[i], out var range, out var error) ? range.ToString() : throw new ArgumentException($"{what} {error}");
        }

        return normalized;
    }

    private static void RequireIdentifier(string value, string what)
    {
        if (!IdentifierPattern().IsMatch(value))
        {
            throw new ArgumentException($"The {what} '{value}' must be 1-64 letters, digits, '.', '_' or '-'.", what);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[A-Za-z0-9.:_/-]{1,128}$")]
    private static partial Regex ScopePattern();
}
