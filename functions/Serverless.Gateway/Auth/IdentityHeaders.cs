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
}
