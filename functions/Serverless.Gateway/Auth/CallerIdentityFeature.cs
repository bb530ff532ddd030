namespace Serverless.Gateway.Auth;

/// <summary>The authenticated caller of the current request, set by the route policy step for the backend headers.</summary>
public sealed class CallerIdentityFeature(CallerIdentity identity)
{
    public CallerIdentity Identity { get; } = identity;
}
