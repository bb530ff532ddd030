using Serverless.Gateway.AccessRules;

namespace Serverless.Gateway.Routing;

/// <summary>Checks a route's <c>IpRules</c> settings, one line per entry that is not a CIDR range or an address.</summary>
public static class RouteIpRulesOptionsValidator
{
    public static void Validate(string routeKey, RouteIpRulesOptions? rules, List<string> errors)
    {
        if (rules is null)
        {
            return;
        }

        Validate($"{routeKey}:IpRules:Allow", rules.Allow, errors);
        Validate($"{routeKey}:IpRules:Deny", rules.Deny, errors);
    }

    private static void Validate(string key, List<string> entries, List<string> errors)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (!IpRange.TryParse(entries[i], out _, out var error))
            {
                errors.Add($"{key}:{i}: {error}");
            }
        }
    }
}
