namespace Serverless.Gateway.Auth.ApiKeys;

/// <summary>The outcome of checking an API key: an identity, or why not.</summary>
public readonly record struct ApiKeyResult(CallerIdentity? Identity, ApiKeyFailure Failure)
{
    public static ApiKeyResult Fail(ApiKeyFailure failure) => new(null, failure);
}
