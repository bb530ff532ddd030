using System.Security.Cryptography;
using System.Text;

namespace Serverless.Orders.Api;

/// <summary>
/// Order ids are 32 lowercase hex characters and are the ids of their saga's orchestration instances. With an
/// <c>Idempotency-Key</c> the id is derived from the tenant and the key, so a repeated request names the same instance.
/// </summary>
public static class OrderIds
{
    public const int Length = 32;
    public const int MaxIdempotencyKeyLength = 255;

    public static string New() => Guid.NewGuid().ToString("N");

    public static string FromIdempotencyKey(string tenant, string key)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(key);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{key}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, Length / 2));
    }

    /// <summary>Printable ASCII without spaces at the ends, as the IETF idempotency-key draft's examples use.</summary>
    public static bool IsValidIdempotencyKey(string key) =>
        key.Length is > 0 and <= MaxIdempotencyKeyLength && key.All(static c => c is >= ' ' and <= '~') && key.Trim().Length == key.Length;

    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.All(static c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
