namespace Serverless.Gateway.Events;

/// <summary>
/// Table Storage keys made from values producers and callers choose (tenants, order and event ids): escaped, because
/// keys may not hold <c>/ \ # ?</c> or control characters, and bounded, because keys hold at most 1 KiB.
/// </summary>
public static class EventTableKeys
{
    /// <summary>Escaped length allowed for one key part; two parts (sequence and event id) still fit in a key.</summary>
    public const int MaxEscapedLength = 400;

    /// <summary>The escaped value, or null when it would not fit in a key.</summary>
    public static string? TryEscape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = Uri.EscapeDataString(value);
        return escaped.Length <= MaxEscapedLength ? escaped : null;
    }
}
