using System.Globalization;
using System.Text.RegularExpressions;

namespace Serverless.Gateway.Cli;

/// <summary>
/// The one way every CLI option reads a duration: <c>45s</c>, <c>30m</c>, <c>24h</c>, <c>90d</c>, or <c>hh:mm:ss</c> read as
/// hours, minutes and seconds (<c>24:00:00</c> is a day, where <see cref="TimeSpan.Parse(string)"/> would read 24 days),
/// with <c>d.hh:mm:ss</c> for days. Anything else is refused rather than guessed: a bare <c>24</c> (hours? days?),
/// fractions such as <c>1.5h</c>, signs.
/// </summary>
public static partial class DurationParser
{
    public const string Forms = "45s, 30m, 24h, 90d or hh:mm:ss";

    public static bool TryParse(string? value, out TimeSpan duration)
    {
        duration = default;
        if (value is null)
        {
            return false;
        }

        if (WithUnit().Match(value) is { Success: true } unit)
        {
            var amount = long.Parse(unit.Groups["amount"].Value, CultureInfo.InvariantCulture);
            duration = unit.Groups["unit"].Value switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            return true;
        }

        if (Clock().Match(value) is not { Success: true } clock)
        {
            return false;
        }

        var hours = int.Parse(clock.Groups["hours"].Value, CultureInfo.InvariantCulture);
        var days = clock.Groups["days"].Success ? int.Parse(clock.Groups["days"].Value, CultureInfo.InvariantCulture) : 0;
        if (clock.Groups["days"].Success && hours > 23)
        {
            return false;
        }

        duration = TimeSpan.FromDays(days) + new TimeSpan(hours, int.Parse(clock.Groups["minutes"].Value, CultureInfo.InvariantCulture),
            int.Parse(clock.Groups["seconds"].Value, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>Reads <paramref name="value"/> given with <paramref name="option"/>; a message naming both when it is not a duration.</summary>
    /// <exception cref="ArgumentException">The value is not a duration.</exception>
    public static TimeSpan Parse(string value, string option) =>
        TryParse(value, out var duration)
            ? duration
            : throw new ArgumentException($"{option} '{value}' is not a duration: use {Forms} (24:00:00 is 24 hours).");

    /// <summary>Reads <c>--expires</c>: a duration from <paramref name="now"/>, or an ISO 8601 instant; null when not given.</summary>
    /// <exception cref="ArgumentException">The value is neither.</exception>
    public static DateTimeOffset? ParseExpiry(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (TryParse(value, out var duration))
        {
            return now + duration;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : throw new ArgumentException($"--expires '{value}' is neither an ISO 8601 date/time nor a duration such as {Forms}.");
    }

    [GeneratedRegex("^(?<amount>[0-9]{1,6})(?<unit>[smhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex WithUnit();

    [GeneratedRegex("^(?:(?<days>[0-9]{1,5})\\.)?(?<hours>[0-9]{1,5}):(?<minutes>[0-5][0-9]):(?<seconds>[0-5][0-9])$", RegexOptions.CultureInvariant)]
    private static partial Regex Clock();
}
