namespace Serverless.Gateway.Routing;

/// <summary>Which part of the caller's identity a claim header carries.</summary>
internal enum CallerClaimKind
{
    Tenant,
    Subject,
    Plan,
    Scopes,

    /// <summary>A named claim of a validated bearer token.</summary>
    Jwt,
}
