namespace Serverless.Gateway.Auth.ApiKeys;

/// <summary>A newly created or rotated key: the stored record and the full key, which is never stored and never shown again.</summary>
public sealed record IssuedApiKey(ApiKeyRecord Record, string Key);
