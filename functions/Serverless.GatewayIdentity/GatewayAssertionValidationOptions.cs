using System.ComponentModel.DataAnnotations;

namespace Serverless.GatewayIdentity;

/// <summary>
/// How a backend checks the gateway's identity assertions (<see cref="GatewayAssertionValidator"/>). Bind it with
/// <see cref="GatewayIdentityServiceCollectionExtensions.AddGatewayAssertionValidation"/>; it is checked at start-up.
/// </summary>
public sealed class GatewayAssertionValidationOptions : IValidatableObject
{
    /// <summary>
    /// Required. The gateway's JSON Web Key Set: its public address followed by <see cref="GatewayAssertion.JwksPath"/>,
    /// e.g. <c>https://gateway.example.com/.well-known/jwks.json</c>. An absolute http or https address.
    /// </summary>
    [Required]
    public Uri? JwksUri { get; set; }

    /// <summary>The accepted <c>iss</c>: the gateway's <c>Auth:IdentityAssertion:Issuer</c>. Default <c>serverless-gateway</c>.</summary>
    [Required]
    public string Issuer { get; set; } = GatewayAssertion.DefaultIssuer;

    /// <summary>Required. The accepted <c>aud</c>: this backend's id in the gateway's <c>Gateway:Backends</c> section, e.g. <c>orders</c>.</summary>
    [Required]
    public string? Audience { get; set; }

    /// <summary>Tolerance for clock differences with the gateway when checking <c>exp</c> and <c>nbf</c>. Default 30 seconds, at most 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How old the cached keys may grow before one background fetch replaces them (the cached keys keep serving
    /// meanwhile, and when the fetch fails). A key the gateway withdraws is trusted for at most this long. Default
    /// 5 minutes, between 10 seconds and 1 day.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan KeysRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The least time between two fetches of the keys. An assertion naming an unknown <c>kid</c> triggers a fetch, so
    /// a new gateway key is picked up at once, but at most one fetch per this interval, so a flood of forged assertions
    /// cannot make the backend hammer the gateway. A failed fetch is retried after this long. Default 10 seconds,
    /// between 1 second and 1 hour, and at most <see cref="KeysRefreshInterval"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MinimumKeysRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (JwksUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo)))
        {
            yield return new ValidationResult(
                $"JwksUri '{uri}' must be an absolute http or https address without credentials, e.g. https://gateway.example.com{GatewayAssertion.JwksPath}.",
                [nameof(JwksUri)]);
        }

        if (MinimumKeysRefreshInterval > KeysRefreshInterval)
        {
            yield return new ValidationResult(
                $"MinimumKeysRefreshInterval ({MinimumKeysRefreshInterval:c}) must not exceed KeysRefreshInterval ({KeysRefreshInterval:c}).",
                [nameof(MinimumKeysRefreshInterval)]);
        }
    }
}
