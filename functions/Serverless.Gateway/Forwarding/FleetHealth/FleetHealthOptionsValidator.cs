using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>Checks the <c>FleetHealth</c> section at start-up, one line per problem naming the key.</summary>
internal sealed partial class FleetHealthOptionsValidator(IConfiguration configuration) : IValidateOptions<FleetHealthOptions>
{
    private const string Section = FleetHealthOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, FleetHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = [];
        Check(errors, options.Enabled != true || StorageClientFactory.HasTableService(configuration), "Enabled",
            $"is true but the storage connection '{StorageClientFactory.DefaultConnectionName}' is not configured; configure it, or leave Enabled unset.");
        Check(errors, options.SyncInterval >= TimeSpan.FromMilliseconds(100) && options.SyncInterval <= TimeSpan.FromMinutes(1),
            "SyncInterval", "must be between 00:00:00.100 and 00:01:00.");
        Check(errors, options.Window >= 2 * options.SyncInterval && options.Window <= 60 * options.SyncInterval,
            "Window", $"must be between 2 and 60 SyncIntervals ({2 * options.SyncInterval} to {60 * options.SyncInterval}).");
        Check(errors, options.PresenceInterval >= options.SyncInterval && options.PresenceInterval <= TimeSpan.FromMinutes(10),
            "PresenceInterval", $"must be at least the SyncInterval ({options.SyncInterval}) and at most 00:10:00.");
        Check(errors, options.StorageTimeout >= TimeSpan.FromMilliseconds(100) && options.StorageTimeout <= TimeSpan.FromMinutes(1),
            "StorageTimeout", "must be between 00:00:00.100 and 00:01:00.");
        Check(errors, options.Probers is >= 1 and <= 10, "Probers", "must be between 1 and 10.");
        Check(errors, TableName().IsMatch(options.Table), "Table", "must be a table name (a letter, then 2 to 62 letters or digits), e.g. FleetHealth.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, bool valid, string key, string problem)
    {
        if (!valid)
        {
            errors.Add($"{Section}:{key}: {problem}");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
