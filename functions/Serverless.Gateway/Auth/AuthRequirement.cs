namespace Serverless.Gateway.Auth;

/// <summary>Which credentials a route accepts.</summary>
public enum AuthRequirement
{
    Anonymous,
    ApiKey,
    Jwt,

    /// <summary>Either an API key or a bearer token; an API key wins when both are sent.</summary>
    ApiKeyOrJwt,
}
