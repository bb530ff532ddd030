namespace Serverless.Gateway.Auth.Jwt;

/// <summary>Where trusted signing keys come from: configuration, or the identity provider's discovery document.</summary>
internal interface ISigningKeySource : IDisposable
{
    /// <summary>The current keys, fetching them on first use; null when they could not be fetched.</summary>
    ValueTask<SigningKeySet?> GetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Called when a token names a key <paramref name="current"/> lacks: fetches again unless that was done within the
    /// minimum refresh interval, and returns the newest keys (possibly <paramref name="current"/> itself).
    /// </summary>
    ValueTask<SigningKeySet> RefreshAsync(SigningKeySet current, CancellationToken cancellationToken);
}
