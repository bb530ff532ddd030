using System.Text.RegularExpressions;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

/// <summary>The app-setting conventions the Functions host applies to function.json, applied the same way in standalone mode.</summary>
internal static partial class AppSettings
{
    /// <summary>Replaces every <c>%Name%</c> in a binding's string properties with the app setting of that name.</summary>
    public static FunctionDescriptor Resolve(FunctionDescriptor function, IConfiguration configuration) =>
        new(function.Name, [.. function.Bindings.Select(binding => binding.WithResolvedStrings((property, value) =>
            Expression().Replace(value, match => Lookup(configuration, match.Groups[1].Value)
                ?? throw new GatewayConfigurationException(
                    $"Function '{function.Name}' binds '{property}' of '{binding.Name}' to %{match.Groups[1].Value}%, but the app setting " +
                    $"'{match.Groups[1].Value}' is missing from the configuration. Set it in local.settings.json, the environment or " +
                    "the command line (the Functions host needs it as an app setting too).")))),
        ]);

    /// <summary>The host's switch for turning a function off: <c>AzureWebJobs.&lt;Name&gt;.Disabled</c> (or <c>AzureWebJobs__&lt;Name&gt;__Disabled</c>).</summary>
    public static bool IsDisabled(IConfiguration configuration, string functionName) =>
        bool.TryParse(configuration[$"AzureWebJobs.{functionName}.Disabled"] ?? configuration[$"AzureWebJobs:{functionName}:Disabled"], out var disabled)
        && disabled;

    // Environment variables spell sections with "__", which configuration has already turned into ':'.
    private static string? Lookup(IConfiguration configuration, string name) =>
        configuration[name.Replace("__", ":", StringComparison.Ordinal)] is { Length: > 0 } value ? value : null;

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Expression();
}
