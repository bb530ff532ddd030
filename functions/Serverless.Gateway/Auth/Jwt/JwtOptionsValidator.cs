using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Auth.Jwt;

/// <summary>Checks <see cref="JwtOptions"/> when enabled, naming every bad key so start-up fails with an actionable list.</summary>
internal sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    private const string Key = JwtOptions.SectionName;
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Errors(JwtOptions options)
    {
        var errors = new List<string>();
        if (!options.Enabled)
        {
            return errors;
        }

        ValidateKeySource(options, errors);
        ValidateList(nameof(JwtOptions.ValidIssuers), options.ValidIssuers, errors);
        if (options.ValidAudiences.Count == 0)
        {
            errors.Add($"{Key}:ValidAudiences: is required; list the audiences (aud) this API accepts, e.g. its client id or App ID URI.");
        }

        ValidateList(nameof(JwtOptions.ValidAudiences), options.ValidAudiences, errors);
        ValidateAlgorithms(options.ValidAlgorithms, errors);
        ValidateRange(nameof(JwtOptions.ClockSkew), options.ClockSkew, TimeSpan.Zero, MaxClockSkew, errors);
        ValidateRange(nameof(JwtOptions.MetadataRefreshInterval), options.MetadataRefreshInterval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), errors);
        ValidateRange(nameof(JwtOptions.MinimumRefreshInterval), options.MinimumRefreshInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), errors);
        ValidateClaim(nameof(JwtOptions.TenantClaim), options.TenantClaim, errors);
        ValidateClaim(nameof(JwtOptions.PlanClaim), options.PlanClaim, errors);
        ValidateClaim(nameof(JwtOptions.SubjectClaim), options.SubjectClaim, errors);
        ValidateClaim(nameof(JwtOptions.DefaultPlan), options.DefaultPlan, errors);
        ValidateList(nameof(JwtOptions.ScopeClaims), options.ScopeClaims, errors);
        if (options.ValidationCacheSize is < 0 or > 1_000_000)
        {
            errors.Add($"{Key}:ValidationCacheSize: {options.ValidationCacheSize} must be between 0 (off) and 1000000.");
        }

        return errors;
    }

    private static void ValidateKeySource(JwtOptions options, List<string> errors)
    {
        var discovery = !string.IsNullOrWhiteSpace(options.Authority) || !string.IsNullOrWhiteSpace(options.MetadataAddress);
        if (options.SigningKeys.Count > 0)
        {
            // Both at once would leave it unclear which keys are trusted; a development key left in production config must fail loudly.
            if (discovery)
            {
                errors.Add($"{Key}:SigningKeys: cannot be combined with Authority or MetadataAddress; configured keys replace discovery.");
            }

            if (options.ValidIssuers.Count == 0)
            {
                errors.Add($"{Key}:ValidIssuers: is required with SigningKeys, since there is no discovery document to name the issuer.");
            }

            for (var i = 0; i < options.SigningKeys.Count; i++)
            {
                if (!ConfiguredSigningKeys.TryParse(options.SigningKeys[i], out _, out var error))
                {
                    errors.Add($"{Key}:SigningKeys:{i}: {error}");
                }
            }

            return;
        }

        if (!discovery)
        {
            errors.Add($"{Key}:Authority: is required; set the identity provider's issuer address (or MetadataAddress, or SigningKeys for development).");
            return;
        }

        ValidateAddress(nameof(JwtOptions.Authority), options.Authority, options.RequireHttpsMetadata, errors);
        ValidateAddress(nameof(JwtOptions.MetadataAddress), options.MetadataAddress, options.RequireHttpsMetadata, errors);
    }

    private static void ValidateAddress(string name, string? value, bool requireHttps, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add($"{Key}:{name}: '{value}' must be an absolute http or https address without query, fragment or credentials.");
        }
        else if (requireHttps && uri.Scheme != "https")
        {
            errors.Add($"{Key}:{name}: '{value}' must use https; set {Key}:RequireHttpsMetadata to false only for a local identity provider.");
        }
    }

    private static void ValidateAlgorithms(List<string> algorithms, List<string> errors)
    {
        if (algorithms.Count == 0)
        {
            errors.Add($"{Key}:ValidAlgorithms: must list at least one algorithm ({string.Join(", ", JwtOptions.AsymmetricAlgorithms)}).");
        }

        for (var i = 0; i < algorithms.Count; i++)
        {
            if (!JwtOptions.AsymmetricAlgorithms.Contains(algorithms[i], StringComparer.Ordinal))
            {
                errors.Add($"{Key}:ValidAlgorithms:{i}: '{algorithms[i]}' is not allowed; only asymmetric algorithms are ({string.Join(", ", JwtOptions.AsymmetricAlgorithms)}).");
            }
        }
    }

    private static void ValidateRange(string name, TimeSpan value, TimeSpan min, TimeSpan max, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Key}:{name}: {value:c} must be between {min:c} and {max:c}.");
        }
    }

    private static void ValidateClaim(string name, string value, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{Key}:{name}: must not be empty.");
        }
    }

    private static void ValidateList(string name, List<string> values, List<string> errors)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                errors.Add($"{Key}:{name}:{i}: must not be empty.");
            }
        }
    }
}
