using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.LocalRun.DevIdentity;

/// <summary>
/// Signs access tokens as the local run's development identity provider: ES256 with <see cref="DevSigningKey"/>, the
/// provider's address as issuer, <see cref="Audience"/> as audience, and the claims the gateway reads by default
/// (<c>tid</c>, <c>sub</c>, <c>scp</c>, <c>plan</c>), so the gateway's JWT settings are the same as for Entra ID.
/// </summary>
internal sealed class DevTokenIssuer(DevSigningKey key, Uri issuer, TimeProvider time)
{
    /// <summary>The audience of every development token, and the one the gateway accepts in the local run.</summary>
    public const string Audience = "api://serverless-local";

    /// <summary>The longest lifetime a development token may have; a forgotten token should not work for weeks.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    public static string IssuerFor(Uri provider) => provider.GetLeftPart(UriPartial.Authority);

    public string Issue(DevTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Subject);
        if (request.Lifetime <= TimeSpan.Zero || request.Lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"A token's lifetime must be more than 0 and at most {MaxLifetime.TotalDays:0} days.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["tid"] = request.Tenant,
            ["sub"] = request.Subject,
            ["scp"] = string.Join(' ', request.Scopes),
        };
        if (!string.IsNullOrWhiteSpace(request.Plan))
        {
            claims["plan"] = request.Plan;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IssuerFor(issuer),
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + request.Lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key.SecurityKey, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
