namespace Serverless.Gateway.Auth.Jwt;

/// <summary>
/// JWT bearer validation, bound from <c>Auth:Jwt</c> and checked at start-up (every error names its key).
/// </summary>
/// <remarks>
/// Microsoft Entra ID works by configuration alone: set <see cref="Authority"/> to
/// <c>https://login.microsoftonline.com/{tenant-id}/v2.0</c> and <see cref="ValidAudiences"/> to the API's application
/// (client) id or its App ID URI (<c>api://...</c>). The defaults already map Entra's claims: <c>tid</c> becomes the
/// tenant, delegated scopes (<c>scp</c>, space-separated) and app roles (<c>roles</c>, an array) become scopes,
/// <c>sub</c> (or <c>oid</c>) the subject. The issuer comes from the discovery document, which for a v2.0 authority is
/// the v2.0 issuer: the API's app registration must request v2.0 access tokens (<c>requestedAccessTokenVersion: 2</c>),
/// or <see cref="ValidIssuers"/> must list the v1.0 issuer <c>https://sts.windows.net/{tenant-id}/</c>. Multi-tenant
/// (<c>common</c>/<c>organizations</c>) authorities publish a templated issuer, so list each accepted tenant's issuer
/// in <see cref="ValidIssuers"/>.
/// </remarks>
public sealed class JwtOptions
{
    public const string SectionName = "Auth:Jwt";

    /// <summary>
    /// The asymmetric JWS algorithms, the only ones this gateway accepts. Symmetric (HMAC) algorithms are refused because
    /// the validator would need the signing secret, and accepting them invites key confusion with a public key.
    /// </summary>
    public static readonly IReadOnlyList<string> AsymmetricAlgorithms =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    /// <summary>Whether bearer tokens are validated at all. Default <c>false</c>: routes requiring a token refuse every caller.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The OpenID Connect issuer base address; keys and issuer come from <c>{Authority}/.well-known/openid-configuration</c>.
    /// Required when enabled unless <see cref="MetadataAddress"/> or <see cref="SigningKeys"/> is set.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The discovery document's address, when it is not under <see cref="Authority"/>. Default: derived from <see cref="Authority"/>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Whether discovery and key addresses must be https. Default <c>true</c>; only a local identity provider justifies <c>false</c>.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Accepted <c>iss</c> values. Default: the discovery document's issuer. Required with <see cref="SigningKeys"/>.</summary>
    public List<string> ValidIssuers { get; set; } = [];

    /// <summary>Accepted <c>aud</c> values, e.g. the API's client id or App ID URI. Required when enabled.</summary>
    public List<string> ValidAudiences { get; set; } = [];

    /// <summary>Accepted <c>alg</c> values, a subset of <see cref="AsymmetricAlgorithms"/>. Default: all of them.</summary>
    public List<string> ValidAlgorithms { get; set; } = [.. AsymmetricAlgorithms];

    /// <summary>Tolerance for clock differences when checking <c>exp</c> and <c>nbf</c>. Default 1 minute, at most 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Public keys to trust instead of discovery, for development and tests: each entry one JSON Web Key (RFC 7517) as a
    /// JSON string, e.g. <c>{"kty":"RSA","kid":"dev-1","n":"...","e":"AQAB"}</c> or
    /// <c>{"kty":"EC","kid":"dev-2","crv":"P-256","x":"...","y":"..."}</c>. JWK rather than PEM because it carries the
    /// <c>kid</c> tokens name, exactly as an identity provider's JWKS does. Public keys only; symmetric (<c>oct</c>) keys
    /// are refused. When set, no discovery happens: <see cref="Authority"/> and <see cref="MetadataAddress"/> must be
    /// empty and <see cref="ValidIssuers"/> is required. Default: none.
    /// </summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>The claim naming the caller's tenant; tokens without it are refused. Default <c>tid</c> (Entra's tenant id).</summary>
    public string TenantClaim { get; set; } = "tid";

    /// <summary>
    /// Claims whose values are granted scopes, merged in order; each may be a space-separated string or an array of
    /// strings. Default <c>scp</c>, <c>scope</c>, <c>roles</c>.
    /// </summary>
    public List<string> ScopeClaims { get; set; } = ["scp", "scope", "roles"];

    /// <summary>The claim naming the caller's plan. Default <c>plan</c>.</summary>
    public string PlanClaim { get; set; } = "plan";

    /// <summary>The plan of callers whose token has no <see cref="PlanClaim"/>. Default <c>standard</c>.</summary>
    public string DefaultPlan { get; set; } = "standard";

    /// <summary>The claim naming the caller; <c>oid</c> is used when it is absent. Default <c>sub</c>.</summary>
    public string SubjectClaim { get; set; } = "sub";

    /// <summary>
    /// How old the discovery document and keys may grow before one background fetch replaces them (stale keys keep
    /// serving meanwhile). Default 12 hours, between 1 minute and 7 days.
    /// </summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The least time between two fetches of the keys, so tokens naming unknown key ids cannot hammer the identity
    /// provider; a key rotation is picked up at the first unknown <c>kid</c> after this long, and a failed fetch is
    /// retried after this long. Default 30 seconds, between 1 second and 1 hour.
    /// </summary>
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many validated tokens are remembered so a repeated token costs a hash and a dictionary look-up instead of a
    /// signature check; each is remembered until it expires, for at most 5 minutes. <c>0</c> turns the cache off.
    /// Default 10,000, at most 1,000,000.
    /// </summary>
    public int ValidationCacheSize { get; set; } = 10_000;
}
