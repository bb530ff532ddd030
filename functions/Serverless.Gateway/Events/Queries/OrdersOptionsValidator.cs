using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth;

namespace Serverless.Gateway.Events.Queries;

/// <summary>Checks what data annotations cannot: that order queries are never anonymous.</summary>
public sealed class OrdersOptionsValidator : IValidateOptions<OrdersOptions>
{
    public ValidateOptionsResult Validate(string? name, OrdersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Enabled && options.Require == AuthRequirement.Anonymous
            ? ValidateOptionsResult.Fail($"{OrdersOptions.SectionName}:Require cannot be Anonymous: orders belong to the tenant that placed them.")
            : ValidateOptionsResult.Success;
    }
}
