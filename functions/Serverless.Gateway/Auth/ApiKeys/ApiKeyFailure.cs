namespace Serverless.Gateway.Auth.ApiKeys;

/// <summary>Why a presented API key was not accepted.</summary>
public enum ApiKeyFailure
{
    None,

    /// <summary>Not shaped like one of this gateway's keys, unknown, or the secret does not match; deliberately one answer so key ids cannot be probed.</summary>
    Invalid,

    /// <summary>Right secret, but the key was revoked.</summary>
    Revoked,

    /// <summary>Right secret, but the key has expired.</summary>
    Expired,

    /// <summary>The key is not cached and storage could not be reached to check it.</summary>
    Unavailable,
}
