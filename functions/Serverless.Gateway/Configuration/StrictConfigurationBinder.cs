using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Configuration;

/// <summary>
/// Binds a dictionary section one entry at a time. The stock binder silently drops an entry whose value fails to
/// convert, which would make a typo delete a route or a policy; here every failure and every unknown key becomes an
/// error naming its full configuration path, in words for the person who has to fix it.
/// </summary>
public static partial class StrictConfigurationBinder
{
    /// <summary>How a duration is written in configuration, which reads it as a <see cref="TimeSpan"/> does.</summary>
    public const string DurationForms = "use hh:mm:ss such as 00:00:30, or d.hh:mm:ss such as 1.00:00:00 for days";

    public static void BindEntries<T>(IConfigurationSection section, Dictionary<string, T> target, List<string> errors)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var entry in section.GetChildren())
        {
            if (entry.Value is not null)
            {
                errors.Add($"{entry.Path}: must be an object with settings, not the value '{entry.Value}'.");
                continue;
            }

            try
            {
                var value = new T();
                entry.Bind(value, binder => binder.ErrorOnUnknownConfiguration = true);
                target[entry.Key] = value;
            }
            catch (InvalidOperationException exception)
            {
                errors.Add(Describe(entry, exception, showValue: true));
            }
        }
    }

    /// <summary>
    /// Binds a whole section onto <paramref name="options"/> with unknown keys and unconvertible values as errors. The
    /// error is thrown as an <see cref="OptionsValidationException"/> naming the section, so start-up reports it like
    /// every other invalid setting instead of crashing. The value that failed is left out of the message: a secret put
    /// under the wrong key must not end up in a log.
    /// </summary>
    public static void BindSection<TOptions>(IConfiguration configuration, string sectionName, TOptions options)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(sectionName);
        try
        {
            section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(sectionName, typeof(TOptions), [Describe(section, ex, showValue: false)]);
        }
    }

    /// <summary>One setting's value as <typeparamref name="T"/>, or <paramref name="fallback"/> with the reason added to <paramref name="errors"/>.</summary>
    public static T Convert<T>(IConfigurationSection setting, T fallback, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            return setting.Get<T>() ?? fallback;
        }
        catch (InvalidOperationException exception)
        {
            errors.Add(Describe(setting, exception, showValue: true));
            return fallback;
        }
    }

    /// <summary><c>{path}: unknown key 'Pathh' (did you mean 'Path'?)</c>, for a section that knows only <paramref name="known"/>.</summary>
    public static string UnknownKey(IConfigurationSection setting, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return $"{setting.Path}: unknown key '{setting.Key}' {Suggest(setting.Key, [.. known])}";
    }

    /// <summary>
    /// Turns the binder's messages, written for the developer of the options class, into one for the operator: the full
    /// path of the key, what is wrong with it and what would do. Inside lists the binder wraps the failure in a generic
    /// message; the innermost one is the one that says what failed.
    /// </summary>
    private static string Describe(IConfigurationSection section, InvalidOperationException exception, bool showValue)
    {
        var innermost = exception;
        while (innermost.InnerException is InvalidOperationException inner)
        {
            innermost = inner;
        }

        if (ConversionFailure().Match(innermost.Message) is { Success: true } conversion)
        {
            var value = showValue ? $"'{conversion.Groups["value"].Value}'" : "the value";
            return $"{conversion.Groups["path"].Value}: {value} {Expected(conversion.Groups["type"].Value)}";
        }

        if (UnknownProperties().Match(innermost.Message) is { Success: true } unknown)
        {
            var type = typeof(StrictConfigurationBinder).Assembly.GetType(unknown.Groups["type"].Value);
            var known = type is null ? [] : KnownKeys(type);
            var names = unknown.Groups["names"].Value.Split(", ").Select(name => name.Trim('\''));
            return string.Join(Environment.NewLine, names.Select(name => $"{PathOf(section, name)}: unknown key '{name}' {Suggest(name, known)}"));
        }

        return $"{section.Path}: {innermost.Message}";
    }

    private static string Expected(string typeName) => Type.GetType(typeName) switch
    {
        var t when t == typeof(TimeSpan) || t == typeof(TimeSpan?) => $"is not a duration: {DurationForms}",
        var t when t == typeof(bool) || t == typeof(bool?) => "is not true or false",
        var t when t == typeof(int) || t == typeof(long) || t == typeof(int?) || t == typeof(long?) => "is not a whole number",
        var t when t == typeof(double) || t == typeof(double?) => "is not a number (use a dot for decimals: 0.5)",
        var t when t == typeof(Uri) => "is not an address",
        { IsEnum: true } t => $"is not one of {string.Join(", ", Enum.GetNames(t))}",
        _ => $"cannot be read as {typeName.Split('.', '+')[^1].TrimEnd(']')}",
    };

    /// <summary>The keys a settings class takes: its public settable (or collection) properties.</summary>
    private static string[] KnownKeys(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).Select(p => p.Name).Order(StringComparer.Ordinal)];

    /// <summary>The path of the unknown key: the binder names only the key, so find it under the entry (the first match, when nested twice).</summary>
    private static string PathOf(IConfigurationSection section, string key)
    {
        var queue = new Queue<IConfigurationSection>([section]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var child in current.GetChildren())
            {
                if (child.Key.Equals(key, StringComparison.OrdinalIgnoreCase))
                {
                    return child.Path;
                }

                queue.Enqueue(child);
            }
        }

        return ConfigurationPath.Combine(section.Path, key);
    }

    /// <summary>The closest known key when it is a plausible typo (a third of its letters at most), otherwise the whole list.</summary>
    private static string Suggest(string key, string[] known)
    {
        if (known.Length == 0)
        {
            return "(no keys are known here)";
        }

        var (best, distance) = known.Select(name => (Name: name, Distance: EditDistance(key.ToUpperInvariant(), name.ToUpperInvariant()))).MinBy(pair => pair.Distance);
        return distance <= Math.Max(1, Math.Min(key.Length, best.Length) / 3)
            ? $"(did you mean '{best}'?)"
            : $"(known keys: {string.Join(", ", known)})";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']*)' to type '(?<type>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();

    [GeneratedRegex("properties were not found on the instance of (?<type>[^:]+): (?<names>.+)$", RegexOptions.Singleline)]
    private static partial Regex UnknownProperties();
}
