using System.Globalization;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Forwarding.Canary;

/// <summary>
/// Compares a canary group's outcomes with the stable group's over a sliding window, on this instance's traffic only,
/// and once the canary does worse by a margin, stops routing to it for as long as this configuration serves.
/// </summary>
internal sealed class CanaryRollback
{
    // The p95 needs a pass over every latency bin; the error ratio is checked on each request, the p95 on every 16th.
    private const int P95Every = 16;

    private readonly string _backend;
    private readonly string _splitConfiguration;
    private readonly CanaryRollbackOptions _options;
    private readonly string _canaryName;
    private readonly string _stableName;
    private readonly long _slotTimestampUnits;
    private readonly CanaryRollbackContext _context;
    private readonly OutcomeWindow _canary = new();
    private readonly OutcomeWindow _stable = new();
    private int _evaluations;
    private int _rolledBack;

    public CanaryRollback(string backend, string splitConfiguration, CanaryRollbackOptions options, int canary, int stable, CanaryRollbackContext context)
    {
        _backend = backend;
        _splitConfiguration = splitConfiguration;
        _options = options;
        _canaryName = options.Group!;
        _stableName = options.Against!;
        Canary = canary;
        Stable = stable;
        _context = context;
        _slotTimestampUnits = Math.Max(1, (long)(options.Window.TotalSeconds * context.Time.TimestampFrequency / OutcomeWindow.Slots));
    }

    public int Canary { get; }

    public int Stable { get; }

    public bool IsRolledBack => Volatile.Read(ref _rolledBack) == 1;

    public bool Watches(int group) => group == Canary || group == Stable;

    public void Record(int group, bool failed, TimeSpan latency, long timestamp)
    {
        var epoch = timestamp / _slotTimestampUnits;
        (group == Canary ? _canary : _stable).Record(epoch, failed, latency);
        if (!IsRolledBack && Evaluate(epoch) is { } reason && Interlocked.Exchange(ref _rolledBack, 1) == 0)
        {
            _context.Rollbacks.Add(new RolledBackCanary(_backend, _canaryName, _stableName, reason, _context.Time.GetUtcNow(), _splitConfiguration));
            _context.Metrics.CanaryRollbacks.Add(1, new KeyValuePair<string, object?>("gateway.backend", _backend), new KeyValuePair<string, object?>("gateway.group", _canaryName));
            CanaryLog.RolledBack(_context.Logger, _backend, _canaryName, _stableName, reason);
        }
    }

    private string? Evaluate(long epoch)
    {
        var (canaryCount, canaryErrors) = _canary.Totals(epoch);
        var (stableCount, stableErrors) = _stable.Totals(epoch);
        if (canaryCount < _options.MinimumRequests || stableCount < _options.MinimumRequests)
        {
            return null;
        }

        var canaryRatio = (double)canaryErrors / canaryCount;
        var stableRatio = (double)stableErrors / stableCount;
        if (canaryRatio - stableRatio > _options.ErrorRatioMargin)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"error ratio {canaryRatio:0.###} over {canaryCount} requests against {stableRatio:0.###} over {stableCount} (margin {_options.ErrorRatioMargin})");
        }

        if (Interlocked.Increment(ref _evaluations) % P95Every != 0)
        {
            return null;
        }

        var canaryP95 = _canary.P95(epoch);
        var stableP95 = _stable.P95(epoch);
        return canaryP95 - stableP95 > _options.P95Margin
            ? string.Create(CultureInfo.InvariantCulture,
                $"p95 latency {canaryP95.TotalMilliseconds:0.#} ms against {stableP95.TotalMilliseconds:0.#} ms (margin {_options.P95Margin.TotalMilliseconds:0.#} ms)")
            : null;
    }
}
