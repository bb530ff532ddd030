using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Revisions;

/// <summary>Checks the <c>ConfigurationRevisions</c> section at start-up and names every bad key.</summary>
internal sealed partial class RevisionOptionsValidator(IConfiguration configuration) : IValidateOptions<RevisionOptions>
{
    private const string Section = RevisionOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RevisionOptions options)
    {
        var errors = new List<string>();
        if (options.PollInterval < TimeSpan.FromMilliseconds(100) || options.PollInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{Section}:PollInterval: must be between 00:00:00.100 and 00:10:00.");
        }

        if (!TableName().IsMatch(options.Table))
        {
            errors.Add($"{Section}:Table: '{options.Table}' is not a table name (a letter, then 2 to 62 letters or digits).");
        }

        var storage = configuration.GetSection(StorageClientFactory.DefaultConnectionName);
        if (options.Enabled && string.IsNullOrWhiteSpace(storage.Value) && !storage.GetChildren().Any())
        {
            errors.Add($"{Section}:Enabled: revisions live in the storage account, and {StorageClientFactory.DefaultConnectionName} is not configured.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
