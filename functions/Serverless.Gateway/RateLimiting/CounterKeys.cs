using System.Text;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// How counters map to Table keys. Row keys are <c>{escaped key}|{shard id}</c>; the escaping keeps only
/// <c>[A-Za-z0-9._-]</c> and writes everything else as <c>%XX</c>, so the separator and the characters Table keys forbid
/// never appear, and all rows of a key (and of <c>{key}/...</c>) sort together below <c>{escaped key}}</c>.
/// </summary>
internal static class CounterKeys
{
    public const char Separator = '|';
    public const string PresencePartition = "presence";

    /// <summary>The escaped form of <c>/</c>: keys <c>{tenant}/{route}</c> are reported under the tenant.</summary>
    private const string EscapedSlash = "%2F";

    /// <summary>The character after <see cref="Separator"/>, so <c>[key, key + RangeEnd)</c> holds every row of the key and its sub-keys.</summary>
    private const char RangeEnd = '}';

    public static string Escape(string key)
    {
        var builder = new StringBuilder(key.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                builder.Append(c);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < key.Length
                ? Encoding.UTF8.GetBytes(key.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(key.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    public static string Unescape(string escaped) => Uri.UnescapeDataString(escaped);

    /// <summary>
    /// A stable hash (FNV-1a; <see cref="string.GetHashCode()"/> differs per process) of the key up to its first <c>/</c>,
    /// so a tenant's per-route keys share the tenant's partition and one range query finds them all.
    /// </summary>
    public static int Bucket(string key, int partitions)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var hash = 2166136261u;
        foreach (var c in slash < 0 ? key.AsSpan() : key.AsSpan(0, slash))
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)partitions);
    }

    public static string RowKey(string escapedKey, string shardId) => escapedKey + Separator + shardId;

    /// <summary>The escaped key of a row key, or null for a row that is not a counter shard.</summary>
    public static string? KeyOf(string rowKey)
    {
        var separator = rowKey.LastIndexOf(Separator);
        return separator < 0 ? null : rowKey[..separator];
    }

    public static (string From, string To) Range(string escapedKey) => (escapedKey, escapedKey + RangeEnd);

    /// <summary>
    /// Where a coordinator keeps its lease and grants for a partition of shards. <c>~</c> never occurs in a policy name,
    /// so no grant partition is ever another policy's shard partition.
    /// </summary>
    public static string GrantPartition(string shardPartition) => shardPartition + "~g";

    /// <summary><c>{shard id}|{escaped key}</c>: an instance's grants sort together, whatever their keys.</summary>
    public static string GrantRowKey(string shardId, string escapedKey) => shardId + Separator + escapedKey;

    /// <summary>The shard id of a shard row's key.</summary>
    public static string ShardOf(string rowKey) => rowKey[(rowKey.LastIndexOf(Separator) + 1)..];

    /// <summary>
    /// Every grant row of an instance's shards (<c>{instance id}.{n}</c>): <c>/</c> is the character after <c>.</c>.
    /// </summary>
    public static (string From, string To) InstanceGrants(string instanceId) => (instanceId + ".", instanceId + "/");

    public static bool IsKeyOrSubKey(string escapedKey, string escapedTenant) =>
        escapedKey.Length == escapedTenant.Length
            ? string.Equals(escapedKey, escapedTenant, StringComparison.Ordinal)
            : escapedKey.StartsWith(escapedTenant + EscapedSlash, StringComparison.Ordinal);
}
