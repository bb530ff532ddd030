namespace Serverless.GatewayIdentity;

/// <summary>
/// A value fetched from elsewhere and cached, such as signing keys. At most one fetch runs at a time, and fetches start
/// at most once per minimum interval, whoever asks: first use, a stale value, a value that lacks what a caller needs (an
/// unknown key), or a burst of them. The cached value keeps serving while a fetch replaces it and when one fails.
/// The gateway's JWT discovery uses it too.
/// </summary>
internal sealed class ThrottledRefresh<T>
    where T : class
{
    private readonly Func<Task<T?>> _fetch;
    private readonly Func<T, DateTimeOffset> _refreshAfter;
    private readonly TimeSpan _minimumInterval;
    private readonly TimeProvider _time;
    private readonly Action _fetchingForMissing;
    private readonly Action _throttled;
    private readonly Lock _gate = new();
    private T? _current;
    private Task<T?>? _running;
    private long _nextFetchAllowedTicks;

    /// <param name="fetch">Fetches a new value; never throws, and returns null when the fetch failed (having logged why).</param>
    /// <param name="refreshAfter">When a value is stale enough to be replaced in the background.</param>
    /// <param name="minimumInterval">The least time between the starts of two fetches.</param>
    /// <param name="time">The clock of the staleness and the interval.</param>
    /// <param name="fetchingForMissing">Called when <see cref="RefreshAsync"/> starts a fetch, for a log line.</param>
    /// <param name="throttled">Called when <see cref="RefreshAsync"/> may not fetch yet, for a log line.</param>
    public ThrottledRefresh(Func<Task<T?>> fetch, Func<T, DateTimeOffset> refreshAfter, TimeSpan minimumInterval, TimeProvider time, Action fetchingForMissing, Action throttled)
    {
        _fetch = fetch;
        _refreshAfter = refreshAfter;
        _minimumInterval = minimumInterval;
        _time = time;
        _fetchingForMissing = fetchingForMissing;
        _throttled = throttled;
    }

    /// <summary>The last value fetched; null until a fetch succeeds.</summary>
    public T? Current => Volatile.Read(ref _current);

    /// <summary>The current value, fetching it on first use (null when that failed); a stale value is replaced in the background.</summary>
    public ValueTask<T?> GetAsync(CancellationToken cancellationToken)
    {
        var current = Current;
        if (current is null)
        {
            return TryStart(missing: false) is { } fetch
                ? new ValueTask<T?>(fetch.WaitAsync(cancellationToken))
                : ValueTask.FromResult(Current);
        }

        // Checked without the lock first: while fetches are throttled, requests must not queue on it.
        var now = _time.GetUtcNow();
        if (now >= _refreshAfter(current) && now.UtcTicks >= Volatile.Read(ref _nextFetchAllowedTicks))
        {
            _ = TryStart(missing: false);
        }

        return ValueTask.FromResult<T?>(current);
    }

    /// <summary>
    /// Called when <paramref name="current"/> lacks something a caller needs: fetches again unless that was done within
    /// the minimum interval, and returns the newest value (possibly <paramref name="current"/> itself).
    /// </summary>
    public ValueTask<T> RefreshAsync(T current, CancellationToken cancellationToken)
    {
        var latest = Current ?? current;
        if (!ReferenceEquals(latest, current))
        {
            return ValueTask.FromResult(latest);
        }

        if (TryStart(missing: true) is not { } fetch)
        {
            _throttled();
            return ValueTask.FromResult(current);
        }

        return WaitAsync(fetch, current, cancellationToken);
    }

    private static async ValueTask<T> WaitAsync(Task<T?> fetch, T current, CancellationToken cancellationToken) =>
        await fetch.WaitAsync(cancellationToken).ConfigureAwait(false) ?? current;

    /// <summary>The running fetch, a new one if the interval allows, or null.</summary>
    private Task<T?>? TryStart(bool missing)
    {
        lock (_gate)
        {
            if (_running is { IsCompleted: false })
            {
                return _running;
            }

            var now = _time.GetUtcNow();
            if (now.UtcTicks < _nextFetchAllowedTicks)
            {
                return null;
            }

            Volatile.Write(ref _nextFetchAllowedTicks, (now + _minimumInterval).UtcTicks);
            if (missing)
            {
                _fetchingForMissing();
            }

            _running = RunAsync();
            return _running;
        }
    }

    private async Task<T?> RunAsync()
    {
        var value = await _fetch().ConfigureAwait(false);
        if (value is not null)
        {
            Volatile.Write(ref _current, value);
        }

        return value;
    }
}
