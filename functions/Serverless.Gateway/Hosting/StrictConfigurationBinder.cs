namespace Serverless.Gateway.Hosting;

/// <summary>
/// Binds a dictionary section one entry at a time. The stock binder silently drops an entry whose value fails to
/// convert, which would make a typo delete a route or a policy; here every failure and every unknown key becomes an
/// error naming its full configuration path.
/// </summary>
public static class StrictConfigurationBinder
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
}
