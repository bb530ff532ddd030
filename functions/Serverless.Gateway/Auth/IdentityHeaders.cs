using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Auth;

/// <summary>
/// Headers that tell the backend who the caller is. The gateway removes any copy a client sends and sets them only
/// from a verified identity, so a backend behind the gateway can trust them.
/// </summary>
public static class IdentityHeaders
{
    public const string Tenant = "X-Gateway-Tenant";
    public const string Subject = "X-Gateway-Subject";
    public const string Plan = "X-Gateway-Plan";
    public const string Scopes = "X-Gateway-Scopes";
    public const string Scheme = "X-Gateway-Auth-Scheme";
    public const string ApiKey = "X-Api-Key";

    public static readonly string[] All = [Tenant, Subject, Plan, Scopes, Scheme];

    /// <summary>Every header a client must not be able to send a backend, in any spelling: the identity, the signed assertion and the API key.</summary>
    internal static readonly string[] Reserved = [Tenant, Subject, Plan, Scopes, Scheme, GatewayAssertion.HeaderName, ApiKey];

    /// <summary>
    /// Whether a tenant, subject or plan can travel as one header value that every backend reads back unchanged: not
    /// empty, no control character (CR and LF would start a header of the caller's choosing), no space at either end
    /// (HTTP drops it, so "contoso " would reach the backend as "contoso") and no unpaired surrogate (not encodable).
    /// Other non-ASCII text is fine: it is sent as UTF-8.
    /// </summary>
    public static bool IsValidValue(string value) => IsValid(value, allowSpace: true);

    /// <summary>As <see cref="IsValidValue"/>, and without spaces: the scopes header is a space-separated list.</summary>
    public static bool IsValidScope(string scope) => IsValid(scope, allowSpace: false);

    private static bool IsValid(string value, bool allowSpace)
    {
        if (value.Length == 0 || value[0] == ' ' || value[^1] == ' ')
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) || (c == ' ' && !allowSpace))
            {
                return false;
            }

            if (char.IsSurrogate(c))
            {
                if (!char.IsSurrogatePair(value, i))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }
}
