using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Auth.Assertions;

/// <summary>
/// Signed identity assertions for backends (docs/identity-assertions.md), bound from <c>Auth:IdentityAssertion</c> and
/// checked at start-up and on every configuration change (every error names its key; unknown keys are errors). Which
/// backends receive them is each backend's <c>IdentityAssertion</c> setting.
/// </summary>
public sealed class IdentityAssertionOptions
{
    public const string SectionName = "Auth:IdentityAssertion";

    public static readonly TimeSpan MinLifetime = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The <c>iss</c> of every assertion; backends check it. Default <c>serverless-gateway</c>.</summary>
    public string Issuer { get; set; } = GatewayAssertion.DefaultIssuer;

    /// <summary>
    /// How long an assertion is valid. A signed assertion is reused for the same caller and backend until half of this
    /// has passed, so a backend always receives one with at least half its lifetime left. Default 60 seconds, between
    /// 10 seconds and 10 minutes.
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The signing keys, each an id (the <c>kid</c>) and the PEM text of an ECDSA P-256 private key. All of them are
    /// published (public parts only) at <c>/.well-known/jwks.json</c>; <see cref="ActiveKeyId"/> signs. Default none:
    /// in standalone mode an ephemeral key is generated at start-up; under the Functions host a key is required as soon
    /// as a backend receives assertions.
    /// </summary>
    public List<AssertionSigningKeyOptions> SigningKeys { get; set; } = [];

    /// <summary>The id of the key that signs. Default: the first of <see cref="SigningKeys"/>.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>
    /// How many signed assertions (one per caller and backend) are kept for reuse; the least recently used go first.
    /// <c>0</c> signs every request anew. Default 10,000, at most 1,000,000.
    /// </summary>
    public int CacheSize { get; set; } = 10_000;
}
