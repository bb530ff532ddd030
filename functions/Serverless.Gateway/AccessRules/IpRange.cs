using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Serverless.Gateway.AccessRules;

/// <summary>
/// A CIDR range (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>) or a single address (<c>203.0.113.7</c>, <c>::1</c>), checked
/// against an address's bytes without allocating. An IPv4-mapped IPv6 range (<c>::ffff:10.0.0.0/104</c>) is kept as
/// the IPv4 range it means, because clients are compared as IPv4 when they arrive mapped.
/// </summary>
public sealed class IpRange
{
    /// <summary>The forms, for error messages.</summary>
    public const string Forms = "a CIDR range such as 10.0.0.0/8 or 2001:db8::/32, or a single address such as 203.0.113.7 or ::1";

    private readonly byte[] _prefix;

    private IpRange(byte[] prefix, int prefixLength)
    {
        _prefix = prefix;
        PrefixLength = prefixLength;
    }

    public bool IsIPv4 => _prefix.Length == 4;

    public int PrefixLength { get; }

    /// <summary>
    /// Parses <paramref name="text"/>. Bits set after the prefix (<c>10.0.0.1/8</c>) are an error rather than silently
    /// dropped: the writer most likely meant a different range, and the message names the one the prefix gives.
    /// </summary>
    public static bool TryParse(string? text, out IpRange range, out string error)
    {
        range = null!;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"is empty; use {Forms}.";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (addressText.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(addressText, out var address)
            || address.AddressFamily == AddressFamily.InterNetwork && address.ToString() != addressText)
        {
            // The second test refuses the legacy IPv4 spellings IPAddress accepts ("10", "10.1", "010.0.0.1").
            error = $"'{text}' is not {Forms} (no zone ids, IPv4 as four decimal numbers).";
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefixLength = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefixLength) || prefixLength > bits))
        {
            error = $"'{text}': the prefix length must be a number from 0 to {bits}.";
            return false;
        }

        var bytes = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6 && prefixLength >= 96)
        {
            bytes = bytes[12..];
            prefixLength -= 96;
        }

        var candidate = new IpRange(bytes, prefixLength);
        var masked = candidate.Masked();
        if (!masked.AsSpan().SequenceEqual(bytes))
        {
            var suggestion = new IPAddress(masked).ToString() + "/" + (slash >= 0 ? text[(slash + 1)..] : string.Empty);
            error = $"'{text}' has bits set after its /{text[(slash + 1)..]} prefix; write the range's first address, {suggestion}, or a longer prefix.";
            return false;
        }

        range = candidate;
        return true;
    }

    /// <summary>Whether the address in <paramref name="address"/> (4 or 16 bytes, already unmapped) is in the range.</summary>
    public bool Contains(ReadOnlySpan<byte> address)
    {
        if (address.Length != _prefix.Length)
        {
            return false;
        }

        var whole = PrefixLength / 8;
        if (!address[..whole].SequenceEqual(_prefix.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = PrefixLength % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (address[whole] & mask) == _prefix[whole];
    }

    public override string ToString() =>
        new IPAddress(_prefix).ToString() + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);

    private byte[] Masked()
    {
        var masked = (byte[])_prefix.Clone();
        for (var bit = PrefixLength; bit < masked.Length * 8; bit++)
        {
            masked[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return masked;
    }
}
