using System.Globalization;

namespace Serverless.Gateway.Cli;

/// <summary>Reads <c>--expires</c>: an ISO 8601 instant, or a duration from now such as <c>90d</c>, <c>12h</c> or <c>30m</c>.</summary>
public static class ExpiryParser
{
    public static DateTimeOffset? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (value.Length > 1 && int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? duration = value[^1] switch
            {
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                _ => null,
            };
            if (duration is { } span)
            {
                return now + span;
            }
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : throw new ArgumentException($"--expires '{value}' is neither an ISO 8601 date/time nor a duration like 90d, 12h or 30m.");
    }
}
