namespace Serverless.Gateway.Auth;

/// <summary>The result of authenticating a request for a route: an identity (or none for anonymous routes), or a refusal.</summary>
public readonly record struct AuthOutcome(CallerIdentity? Identity, AuthRefusal? Refusal)
{
    public static readonly AuthOutcome Anonymous = new(null, null);
}
