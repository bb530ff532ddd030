using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.Events.Queries;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Revisions;

/// <summary>
/// Checks a revision as the gateway would run it: on top of a bootstrap configuration, with the same binding and
/// validation as at start-up, cross-references included (a route's backend, auth policy and rate-limit policy; a plan's
/// policy; the order queries' policy). The CLI checks before it publishes, every instance again before it applies.
/// </summary>
public static class RevisionValidator
{
    /// <summary>The configuration an instance with <paramref name="bootstrap"/> would run with <paramref name="document"/> live.</summary>
    public static IConfigurationRoot Effective(IReadOnlyDictionary<string, string?> bootstrap, RevisionDocument document)
    {
        ArgumentNullException.ThrowIfNull(bootstrap);
        ArgumentNullException.ThrowIfNull(document);
        var values = bootstrap.Where(pair => !OverlayConfigurationSource.Owns(document.Sections, pair.Key)).Concat(document.Values);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>One line per problem, naming its key; empty when the configuration is valid.</summary>
    public static List<string> Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var (_, errors) = GatewayConfigurationLoader.Load(configuration);
        StrictConfigurationBinder.BindEntries(configuration.GetSection("Auth:Policies"), new Dictionary<string, AuthPolicyOptions>(), errors);

        var rateLimiting = new RateLimitingOptions();
        new RateLimitingOptionsSetup(configuration).Configure(rateLimiting);
        var limits = new RateLimitingOptionsValidator().Validate(Options.DefaultName, rateLimiting);
        if (limits.Failed)
        {
            errors.AddRange(limits.Failures);
        }

        var orders = new OrdersOptions();
        try
        {
            configuration.GetSection(OrdersOptions.SectionName).Bind(orders);
            var queries = new OrdersOptionsValidator(Options.Create(rateLimiting)).Validate(Options.DefaultName, orders);
            if (queries.Failed)
            {
                errors.AddRange(queries.Failures);
            }
        }
        catch (InvalidOperationException invalid)
        {
            errors.Add($"{OrdersOptions.SectionName}: {invalid.Message}");
        }

        return errors;
    }
}
