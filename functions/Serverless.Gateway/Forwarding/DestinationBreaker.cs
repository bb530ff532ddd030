using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// One destination's circuit breaker. Closed, it counts outcomes in ten buckets spanning the sampling duration, and
/// opens once the window holds at least the minimum throughput and the failures reach the failure ratio. Open, it
/// refuses calls for the break duration; then it lets one probe through (half-open), whose outcome closes it or opens it
/// again. A probe that never reports, because its caller departed, is replaced after another break duration.
/// </summary>
/// <remarks>
/// A closed breaker admits a call with one volatile read; only outcomes take the lock. Transitions call their
/// observers inside the lock, so that an open and the close that follows it cannot reach the health updater in the
/// wrong order.
/// </remarks>
public sealed class DestinationBreaker
{
    private const int BucketCount = 10;

    private readonly Lock _lock = new();
    private readonly CircuitBreakerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IDestinationBreakerObserver _observer;
    private readonly long _samplingTicks;
    private readonly long _bucketTicks;
    private readonly long _breakTicks;
    private readonly OutcomeBucket[] _buckets = new OutcomeBucket[BucketCount];
    private int _currentBucket;
    private volatile CircuitState _state;
    private long _blockedUntil;

    public DestinationBreaker(CircuitBreakerOptions options, TimeProvider timeProvider, IDestinationBreakerObserver observer)
    {
        _options = options;
        _timeProvider = timeProvider;
        _observer = observer;
        _samplingTicks = ToTimestampTicks(options.SamplingDuration);
        _bucketTicks = Math.Max(1, _samplingTicks / BucketCount);
        _breakTicks = ToTimestampTicks(options.BreakDuration);
        _buckets[0].Start = timeProvider.GetTimestamp();
    }

    public CircuitState State => _state;

    /// <summary>While the circuit is open: how long until its break ends and it lets a probe through.</summary>
    public TimeSpan? RemainingBreak
    {
        get
        {
            lock (_lock)
            {
                var now = _timeProvider.GetTimestamp();
                return _state == CircuitState.Open && now < _blockedUntil ? _timeProvider.GetElapsedTime(now, _blockedUntil) : null;
            }
        }
    }

    /// <summary>Whether a call may go to the destination now; when not, how long until the breaker lets a probe through.</summary>
    public bool TryEnter(out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_state == CircuitState.Closed)
        {
            return true;
        }

        lock (_lock)
        {
            var now = _timeProvider.GetTimestamp();
            if (_state == CircuitState.Closed)
            {
                return true;
            }

            if (now < _blockedUntil)
            {
                retryAfter = _timeProvider.GetElapsedTime(now, _blockedUntil);
                return false;
            }

            _blockedUntil = now + _breakTicks;
            if (_state == CircuitState.Open)
            {
                _state = CircuitState.HalfOpen;
                _observer.HalfOpened();
            }

            return true;
        }
    }

    /// <summary>Records what an admitted call came to; <paramref name="failed"/> is a failure of the destination.</summary>
    public void Record(bool failed)
    {
        lock (_lock)
        {
            switch (_state)
            {
                case CircuitState.HalfOpen when failed:
                    Open(_timeProvider.GetTimestamp());
                    break;
                case CircuitState.HalfOpen:
                    Close();
                    break;
                case CircuitState.Closed:
                    Count(failed);
                    break;
                default:
                    // A call admitted before the circuit opened says nothing about the break.
                    break;
            }
        }
    }

    private void Count(bool failed)
    {
        var now = _timeProvider.GetTimestamp();
        ref var bucket = ref _buckets[_currentBucket];
        if (now - bucket.Start >= _bucketTicks)
        {
            _currentBucket = (_currentBucket + 1) % BucketCount;
            bucket = ref _buckets[_currentBucket];
            bucket = new OutcomeBucket { Start = now };
        }

        if (!failed)
        {
            bucket.Successes++;
            return;
        }

        bucket.Failures++;
        int failures = 0, total = 0;
        foreach (var counted in _buckets)
        {
            if (now - counted.Start < _samplingTicks)
            {
                failures += counted.Failures;
                total += counted.Failures + counted.Successes;
            }
        }

        if (total >= _options.MinimumThroughput && failures >= _options.FailureRatio * total)
        {
            Open(now);
        }
    }

    private void Open(long now)
    {
        _state = CircuitState.Open;
        _blockedUntil = now + _breakTicks;
        _observer.Opened(_options.BreakDuration);
    }

    private void Close()
    {
        Array.Clear(_buckets);
        _currentBucket = 0;
        _buckets[0].Start = _timeProvider.GetTimestamp();
        _state = CircuitState.Closed;
        _observer.Closed();
    }

    private long ToTimestampTicks(TimeSpan duration) => (long)(duration.TotalSeconds * _timeProvider.TimestampFrequency);

    private struct OutcomeBucket
    {
        public long Start;
        public int Successes;
        public int Failures;
    }
}
