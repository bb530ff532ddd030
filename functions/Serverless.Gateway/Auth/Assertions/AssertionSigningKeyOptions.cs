namespace Serverless.Gateway.Auth.Assertions;

/// <summary>One signing key under <c>Auth:IdentityAssertion:SigningKeys</c>.</summary>
public sealed class AssertionSigningKeyOptions
{
    /// <summary>
    /// Required. The key's id: the <c>kid</c> of the assertions it signs and of its entry in the JWKS. Letters, digits,
    /// <c>.</c>, <c>_</c> and <c>-</c>, at most 64 characters; unique. A date makes rollover easy to follow, e.g. <c>2027-01</c>.
    /// </summary>
    public string? Id { get; set; }

    /// <summary>
    /// Required. The whole PEM text of an unencrypted ECDSA P-256 private key, PKCS#8 (<c>BEGIN PRIVATE KEY</c>) or
    /// SEC1 (<c>BEGIN EC PRIVATE KEY</c>). In Azure, a Key Vault reference app setting that the platform resolves into
    /// the PEM. Never logged, never published.
    /// </summary>
    public string? PrivateKeyPem { get; set; }
}
