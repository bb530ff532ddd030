namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Whether this instance has finished its first sync round. The round runs while the server starts, not before it
/// listens, so health probes and routes without limits answer at once; a rate-limit or quota decision waits for it, so a
/// new instance still knows how many instances share a key before it counts its first request.
/// </summary>
public sealed class RateLimitReadiness
{
    private volatile Task _firstRound = Task.CompletedTask;

    /// <summary>True unless the first round has begun and not yet ended (successfully or not).</summary>
    public bool IsReady => _firstRound.IsCompleted;

    /// <summary>Completes when the first round ends; at once if none is running.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _firstRound.WaitAsync(cancellationToken);

    /// <summary>Decisions wait for <paramref name="firstRound"/>, which must never fault.</summary>
    internal void Begin(Task firstRound) => _firstRound = firstRound;
}
