namespace Serverless.Gateway.Auth.Jwt;

/// <summary>Keys from <see cref="JwtOptions.SigningKeys"/>: fixed for the life of the process, never fetched.</summary>
internal sealed class ConfiguredSigningKeySource(SigningKeySet keys) : ISigningKeySource
{
    public ValueTask<SigningKeySet?> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult<SigningKeySet?>(keys);

    public ValueTask<SigningKeySet> RefreshAsync(SigningKeySet current, CancellationToken cancellationToken) => ValueTask.FromResult(keys);

    public void Dispose()
    {
    }
}
