using System.Net;
using System.Net.Sockets;

namespace Serverless.Gateway.AccessRules;

/// <summary>
/// Allow and deny lists of <see cref="IpRange"/>s. A client address in a deny range is refused; when the allow list is
/// not empty, an address must also be in one of its ranges. An IPv4-mapped IPv6 client address (<c>::ffff:10.1.2.3</c>,
/// what a dual-stack socket reports for an IPv4 client) is compared as the IPv4 address it is. A request without a
/// known client address is refused by any non-empty rule set: a rule that cannot be evaluated fails closed.
/// </summary>
public sealed class IpRuleSet
{
    private readonly IpRange[] _allow;
    private readonly IpRange[] _deny;

    private IpRuleSet(IpRange[] allow, IpRange[] deny, bool restrictsAllow)
    {
        _allow = allow;
        _deny = deny;
        RestrictsAllow = restrictsAllow;
    }

    /// <summary>Whether an allow list was given (a client must then match one of its ranges).</summary>
    public bool RestrictsAllow { get; }

    /// <summary>
    /// The rule set from <paramref name="allow"/> and <paramref name="deny"/> entries, or null when both are empty.
    /// Entries that do not parse are left out, but an allow list whose entries all failed still restricts (to nothing):
    /// configuration and the CLI reject such entries first; a hand-edited stored key fails closed.
    /// </summary>
    public static IpRuleSet? Create(IReadOnlyCollection<string>? allow, IReadOnlyCollection<string>? deny)
    {
        if ((allow is null || allow.Count == 0) && (deny is null || deny.Count == 0))
        {
            return null;
        }

        return new IpRuleSet(Parse(allow), Parse(deny), allow is { Count: > 0 });
    }

    public bool Permits(IPAddress? address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address is null || !address.TryWriteBytes(bytes, out var written))
        {
            return false;
        }

        ReadOnlySpan<byte> client = bytes[..written];
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6)
        {
            client = client[12..];
        }

        if (Matches(_deny, client))
        {
            return false;
        }

        return !RestrictsAllow || Matches(_allow, client);
    }

    private static bool Matches(IpRange[] ranges, ReadOnlySpan<byte> address)
    {
        foreach (var range in ranges)
        {
            if (range.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IpRange[] Parse(IReadOnlyCollection<string>? entries) =>
        entries is null ? [] : [.. entries.Select(entry => IpRange.TryParse(entry, out var range, out _) ? range : null).OfType<IpRange>()];
}
