using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Routing;

/// <summary>
/// Binds the <c>Gateway</c> section one route and one backend at a time. The stock binder silently drops a dictionary
/// entry whose value fails to convert, which would make a typo delete a route; here every failure and every unknown
/// key is reported with its full configuration path.
/// </summary>
public static class GatewayOptionsBinder
{
    public static GatewayOptions Bind(IConfigurationSection section, List<string> errors)
    {
        var options = new GatewayOptions();
        foreach (var child in section.GetChildren())
        {
            if (child.Key.Equals("Routes", StringComparison.OrdinalIgnoreCase))
            {
                StrictConfigurationBinder.BindEntries(child, options.Routes, errors);
            }
            else if (child.Key.Equals("Backends", StringComparison.OrdinalIgnoreCase))
            {
                StrictConfigurationBinder.BindEntries(child, options.Backends, errors);
            }
            else
            {
                errors.Add(StrictConfigurationBinder.UnknownKey(child, ["Routes", "Backends"]));
            }
        }

        return options;
    }
}
