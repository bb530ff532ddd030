using System.Security.Cryptography;
using System.Text;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// The table layout. One partition per backend (<c>b|&lt;backend&gt;</c>) holds each instance's observations of each
/// destination (<c>o|&lt;destination&gt;|&lt;instance&gt;</c>) and each prober's verdicts (<c>v|&lt;destination&gt;|&lt;instance&gt;</c>),
/// so an instance writes all its rows of a backend in one transaction and reads the verdicts with one range query. The
/// <c>presence</c> partition holds a row per live instance. A destination is named by its id and address
/// (<see cref="Recorded"/>). Ids are escaped, so no id can reach into another's range.
/// </summary>
internal static class FleetHealthKeys
{
    public const string PresencePartition = "presence";
    public const string ObservationPrefix = "o|";
    public const string VerdictPrefix = "v|";

    public static string Partition(string backend) => "b|" + Escape(backend);

    public static FleetRowKey Observation(string backend, string destination, string instance) =>
        new(Partition(backend), $"{ObservationPrefix}{Escape(destination)}|{Escape(instance)}");

    public static FleetRowKey Verdict(string backend, string destination, string instance) =>
        new(Partition(backend), $"{VerdictPrefix}{Escape(destination)}|{Escape(instance)}");

    public static FleetRowKey Presence(string instance) => new(PresencePartition, Escape(instance));

    /// <summary>
    /// How the record names a destination: its id and a digest of its address. Health belongs to a server, not to a
    /// name: a destination pointed at a new address, or another deployment's destination of the same name sharing the
    /// table, starts with a clean record instead of inheriting a verdict on a different server.
    /// </summary>
    public static string Recorded(string destination, string address)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(address), digest);
        return $"{destination}@{Convert.ToHexStringLower(digest[..8])}";
    }

    /// <summary>The row range of one destination's observations: from <c>o|d|</c> up to, not including, <c>o|d}</c>.</summary>
    public static (string From, string To) ObservationRange(string destination) =>
        ($"{ObservationPrefix}{Escape(destination)}|", $"{ObservationPrefix}{Escape(destination)}}}");

    /// <summary>The row range of every verdict of a backend.</summary>
    public static (string From, string To) VerdictRange() => (VerdictPrefix, "v}");

    /// <summary>Percent-escapes everything but letters, digits and <c>-._~</c>, which leaves no '|', '/', '\', '#' or '?'.</summary>
    public static string Escape(string id) => Uri.EscapeDataString(id);
}
