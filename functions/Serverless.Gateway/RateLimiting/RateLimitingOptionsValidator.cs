using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.RateLimiting;

/// <summary>Checks the <c>RateLimiting</c> section at start-up and names every bad key, as the gateway's other settings do.</summary>
public sealed partial class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    private const string Section = RateLimitingOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(options.BindErrors);
        Check(errors, options.SyncInterval >= TimeSpan.FromMilliseconds(10) && options.SyncInterval <= TimeSpan.FromMinutes(1),
            "SyncInterval", "must be between 00:00:00.010 and 00:01:00.");
        Check(errors, options.StorageTimeout >= TimeSpan.FromMilliseconds(100) && options.StorageTimeout <= TimeSpan.FromMinutes(1),
            "StorageTimeout", "must be between 00:00:00.100 and 00:01:00.");
        Check(errors, TableName().IsMatch(options.Table), "Table", $"'{options.Table}' is not a table name (a letter, then 2 to 62 letters or digits).");
        Check(errors, options.Partitions is >= 1 and <= 256, "Partitions", "must be between 1 and 256.");
        Check(errors, Enum.IsDefined(options.Coordination), "Coordination", "must be Coordinator or Peers.");
        Check(errors, options.AccountTransactionsPerSecond is >= 100 and <= 20_000, "AccountTransactionsPerSecond", "must be between 100 and 20000 (Azure's target per storage account).");
        foreach (var (policyName, policy) in options.Policies)
        {
            ValidatePolicy(errors, policyName, policy, options.SyncInterval);
        }

        foreach (var (planName, plan) in options.Plans)
        {
            ValidatePlan(errors, planName, plan, options);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidatePolicy(List<string> errors, string name, RateLimitPolicyOptions policy, TimeSpan syncInterval)
    {
        var key = $"Policies:{name}";
        Check(errors, PolicyName().IsMatch(name), key, "a policy name may hold only letters, digits, '-' and '_' (at most 64), because it is part of storage keys.");
        Check(errors, policy.Limit >= 1, $"{key}:Limit", "is required and must be at least 1.");
        Check(errors, policy.Window >= syncInterval && policy.Window <= TimeSpan.FromDays(31) && policy.Window.Ticks % TimeSpan.TicksPerMillisecond == 0,
            $"{key}:Window", $"must be whole milliseconds, at least the SyncInterval ({syncInterval}) and at most 31 days.");
        Check(errors, policy.Burst is null || policy.Burst >= policy.Limit, $"{key}:Burst", $"must be at least the Limit ({policy.Limit}).");
    }

    private static void ValidatePlan(List<string> errors, string name, QuotaPlanOptions plan, RateLimitingOptions options)
    {
        var key = $"Plans:{name}";
        Check(errors, plan.RateLimitPolicy is null || options.Policies.ContainsKey(plan.RateLimitPolicy), $"{key}:RateLimitPolicy",
            $"policy '{plan.RateLimitPolicy}' is not defined (defined: {string.Join(", ", options.Policies.Keys.Order(StringComparer.Ordinal))}).");
        Check(errors, plan.DailyQuota is null or >= 0, $"{key}:DailyQuota", "must not be negative; leave it out for no quota.");
        Check(errors, plan.MonthlyQuota is null or >= 0, $"{key}:MonthlyQuota", "must not be negative; leave it out for no quota.");
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

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex PolicyName();
}
