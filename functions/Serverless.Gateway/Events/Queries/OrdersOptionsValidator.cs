using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Events.Queries;

/// <summary>Checks what data annotations cannot: that order queries are never anonymous, and count against a policy that exists.</summary>
public sealed class OrdersOptionsValidator(IOptions<RateLimitingOptions> rateLimiting) : IValidateOptions<OrdersOptions>
{
    public ValidateOptionsResult Validate(string? name, OrdersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        if (options.Require == AuthRequirement.Anonymous)
        {
            return ValidateOptionsResult.Fail($"{OrdersOptions.SectionName}:Require cannot be Anonymous: orders belong to the tenant that placed them.");
        }

        return options.RateLimitPolicy is { Length: > 0 } policy
            && !policy.Equals(GatewayOptionsValidator.PlanPolicy, StringComparison.OrdinalIgnoreCase)
            && !rateLimiting.Value.Policies.ContainsKey(policy)
            ? ValidateOptionsResult.Fail(
                $"{OrdersOptions.SectionName}:RateLimitPolicy names '{policy}', which is not defined under {RateLimitingOptions.SectionName}:Policies (or use 'plan', or leave it empty for none).")
            : ValidateOptionsResult.Success;
    }
}
