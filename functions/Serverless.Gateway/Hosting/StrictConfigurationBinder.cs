using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Hosting;

/// <summary>
/// Binds a dictionary section one entry at a time. The stock binder silently drops an entry whose value fails to
/// convert, which would make a typo delete a route or a policy; here every failure and every unknown key becomes an
/// error naming its full configuration path.
/// </summary>
public static partial class StrictConfigurationBinder
{
    public static void BindEntries<T>(IConfigurationSection section, Dictionary<string, T> target, List<string> errors)
        where T : new()
    {
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
                errors.Add($"{entry.Path}: {exception.Message}");
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
        try
        {
            configuration.GetSection(sectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(sectionName, typeof(TOptions), [$"{sectionName}: {Describe(ex)}"]);
        }
    }

    /// <summary>Inside lists the binder wraps the failure in a generic message; the innermost one names the key.</summary>
    private static string Describe(InvalidOperationException exception)
    {
        var innermost = exception;
        while (innermost.InnerException is InvalidOperationException inner)
        {
            innermost = inner;
        }

        return ConfigurationValue().Replace(innermost.Message, "configuration value at");
    }

    [GeneratedRegex("configuration value '.*?' at", RegexOptions.Singleline)]
    private static partial Regex ConfigurationValue();
}
