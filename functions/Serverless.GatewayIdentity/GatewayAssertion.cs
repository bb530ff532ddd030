namespace Serverless.GatewayIdentity;

/// <summary>
/// What the gateway and its backends agree on for the identity assertion: a short-lived JWT (RFC 7519) that the gateway
/// signs with ES256 and sends to a backend in <see cref="HeaderName"/>, stating who the caller is. A backend verifies it
/// with the public keys the gateway publishes at <see cref="JwksPath"/>; see <see cref="GatewayAssertionValidator"/>.
/// </summary>
public static class GatewayAssertion
{
    /// <summary>The request header that carries the assertion. The gateway removes any copy a client sends.</summary>
    public const string HeaderName = "X-Gateway-Assertion";

    /// <summary>The JWT <c>typ</c> header (RFC 8725, 3.11), so no other kind of JWT can pass for an assertion.</summary>
    public const string TokenType = "gateway-assertion+jwt";

    /// <summary>The only signing algorithm: ECDSA with P-256 and SHA-256 (RFC 7518, 3.4).</summary>
    public const string Algorithm = "ES256";

    /// <summary>The <c>iss</c> the gateway uses unless configured otherwise.</summary>
    public const string DefaultIssuer = "serverless-gateway";

    /// <summary>Where the gateway publishes its public signing keys as a JSON Web Key Set (RFC 7517).</summary>
    public const string JwksPath = "/.well-known/jwks.json";

    /// <summary>The caller: an API key id, or the subject of the caller's bearer token.</summary>
    public const string SubjectClaim = "sub";

    /// <summary>The tenant the caller acts for.</summary>
    public const string TenantClaim = "tid";

    /// <summary>The caller's plan.</summary>
    public const string PlanClaim = "plan";

    /// <summary>The caller's granted scopes, space-separated, as RFC 8693's <c>scope</c>; absent when there are none.</summary>
    public const string ScopeClaim = "scp";

    /// <summary>How the caller authenticated at the gateway: <c>ApiKey</c> or <c>Bearer</c>.</summary>
    public const string SchemeClaim = "auth";

    /// <summary>The gateway's issuer name.</summary>
    public const string IssuerClaim = "iss";

    /// <summary>The backend the assertion is for: its backend id in the gateway's configuration.</summary>
    public const string AudienceClaim = "aud";

    /// <summary>When the assertion was signed (NumericDate).</summary>
    public const string IssuedAtClaim = "iat";

    /// <summary>When the assertion becomes valid (NumericDate).</summary>
    public const string NotBeforeClaim = "nbf";

    /// <summary>When the assertion expires (NumericDate).</summary>
    public const string ExpiresClaim = "exp";
}
