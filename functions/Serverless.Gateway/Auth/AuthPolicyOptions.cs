namespace Serverless.Gateway.Auth;

/// <summary>A named authentication policy that routes refer to with <c>AuthPolicy</c>.</summary>
public sealed class AuthPolicyOptions
{
    /// <summary>Accepted credentials. Default <see cref="AuthRequirement.ApiKeyOrJwt"/>.</summary>
    public AuthRequirement Require { get; set; } = AuthRequirement.ApiKeyOrJwt;

    /// <summary>Scopes the caller must hold, all of them. Default none.</summary>
    public List<string> Scopes { get; set; } = [];
}
