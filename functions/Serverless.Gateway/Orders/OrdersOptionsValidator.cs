using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Orders;

/// <summary>Checks what data annotations cannot: that the saga's backends are configured and its timings make sense.</summary>
public sealed class OrdersOptionsValidator(IConfiguration configuration) : IValidateOptions<OrdersOptions>
{
    public ValidateOptionsResult Validate(string? name, OrdersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        var backends = configuration.GetSection($"{GatewayOptions.SectionName}:Backends");
        foreach (var (key, backend) in new[]
        {
            (nameof(options.InventoryBackend), options.InventoryBackend),
            (nameof(options.PaymentBackend), options.PaymentBackend),
            (nameof(options.ShippingBackend), options.ShippingBackend),
        })
        {
            if (!backends.GetSection(backend).Exists())
            {
                errors.Add($"{OrdersOptions.SectionName}:{key} names the backend '{backend}', which is not in {GatewayOptions.SectionName}:Backends.");
            }
        }

        if (options.Require == AuthRequirement.Anonymous)
        {
            errors.Add($"{OrdersOptions.SectionName}:Require cannot be Anonymous: orders belong to the tenant that placed them.");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add($"{OrdersOptions.SectionName}:RetryMaxDelay must not be shorter than RetryBaseDelay.");
        }

        if (options.StepTimeout > options.SagaTimeout)
        {
            errors.Add($"{OrdersOptions.SectionName}:StepTimeout must not be longer than SagaTimeout.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
