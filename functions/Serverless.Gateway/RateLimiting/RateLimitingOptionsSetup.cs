using Microsoft.Extensions.Options;
using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Binds the <c>RateLimiting</c> section one setting and one policy or plan at a time. The stock binder drops a dictionary
/// entry that fails to convert and names no key for a misspelt one; here both become errors with their full path,
/// which <see cref="RateLimitingOptionsValidator"/> reports at start-up.
/// </summary>
internal sealed class RateLimitingOptionsSetup(IConfiguration configuration) : IConfigureOptions<RateLimitingOptions>
{
    public void Configure(RateLimitingOptions options)
    {
        foreach (var setting in configuration.GetSection(RateLimitingOptions.SectionName).GetChildren())
        {
            switch (setting.Key.ToUpperInvariant())
            {
                case "SYNCINTERVAL":
                    options.SyncInterval = StrictConfigurationBinder.Convert(setting, options.SyncInterval, options.BindErrors);
                    break;
                case "STORAGETIMEOUT":
                    options.StorageTimeout = StrictConfigurationBinder.Convert(setting, options.StorageTimeout, options.BindErrors);
                    break;
                case "TABLE":
                    options.Table = setting.Value ?? options.Table;
                    break;
                case "PARTITIONS":
                    options.Partitions = StrictConfigurationBinder.Convert(setting, options.Partitions, options.BindErrors);
                    break;
                case "COORDINATION":
                    options.Coordination = StrictConfigurationBinder.Convert(setting, options.Coordination, options.BindErrors);
                    break;
                case "ACCOUNTTRANSACTIONSPERSECOND":
                    options.AccountTransactionsPerSecond = StrictConfigurationBinder.Convert(setting, options.AccountTransactionsPerSecond, options.BindErrors);
                    break;
                case "POLICIES":
                    StrictConfigurationBinder.BindEntries(setting, options.Policies, options.BindErrors);
                    break;
                case "PLANS":
                    StrictConfigurationBinder.BindEntries(setting, options.Plans, options.BindErrors);
                    break;
                default:
                    options.BindErrors.Add(StrictConfigurationBinder.UnknownKey(setting, ["SyncInterval", "StorageTimeout", "Table", "Partitions", "Coordination", "AccountTransactionsPerSecond", "Policies", "Plans"]));
                    break;
            }
        }
    }
}
