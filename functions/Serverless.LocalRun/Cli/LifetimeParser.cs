using System.Globalization;

namespace Serverless.LocalRun.Cli;

/// <summary>Parses a token lifetime: a number with a unit (<c>90s</c>, <c>30m</c>, <c>1h</c>, <c>2d</c>) or a TimeSpan (<c>01:30:00</c>).</summary>
internal static class LifetimeParser
{
    public const string Forms = "90s, 30m, 1h, 2d or 01:30:00";

    public static bool TryParse(string text, out TimeSpan lifetime)
    {
        lifetime = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unit = char.ToLowerInvariant(text[^1]);
        if (unit is 's' or 'm' or 'h' or 'd'
            && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            lifetime = unit switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out lifetime);
    }
}
