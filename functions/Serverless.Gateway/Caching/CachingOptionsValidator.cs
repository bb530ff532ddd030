using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Caching;

/// <summary>Checks the <c>Caching</c> section, one line per problem.</summary>
internal sealed partial class CachingOptionsValidator : IValidateOptions<CachingOptions>
{
    public ValidateOptionsResult Validate(string? name, CachingOptions options)
    {
        List<string> errors = [];
        if (options.MemoryLimitBytes <= 0)
        {
            errors.Add($"{CachingOptions.SectionName}:MemoryLimitBytes: must be a positive number of bytes, e.g. 67108864.");
        }

        if (!TableName().IsMatch(options.Table))
        {
            errors.Add($"{CachingOptions.SectionName}:Table: must be a table name (a letter, then 2 to 62 letters or digits), e.g. ResponseCache.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
