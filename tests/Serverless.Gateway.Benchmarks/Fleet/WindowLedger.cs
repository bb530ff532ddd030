namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// Counts, per key and policy window of the measured span, the requests and what was admitted, and remembers when a
/// counter may have started with an even split: a request to an instance that had no request for the key within a
/// lease (2 × SyncInterval + StorageTimeout), so its counter was new, evicted, or idle and holding nothing.
/// </summary>
public sealed class WindowLedger
{
    private readonly long _firstWindow;
    private readonly int _windows;
    private readonly long _windowTicks;
    private readonly long _budget;
    private readonly long[] _requests;
    private readonly long[] _admitted;
    private readonly bool[] _failOpen;
    private readonly List<(FleetNode Node, int Key, long Window)> _starts = [];
    private long _admittedFailOpen;

    public WindowLedger(int keys, DateTimeOffset start, DateTimeOffset end, TimeSpan window, long budget)
    {
        _windowTicks = window.Ticks;
        _firstWindow = WindowOf(start);
        _windows = (int)(WindowOf(end) - _firstWindow);
        _budget = budget;
        _requests = new long[keys * _windows];
        _admitted = new long[keys * _windows];
        _failOpen = new bool[keys * _windows];
    }

    public long WindowOf(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / _windowTicks;

    public void Started(FleetNode node, int key, long window) => _starts.Add((node, key, window));

    public void Count(int key, long window, bool admitted, bool failOpen)
    {
        var offset = window - _firstWindow;
        if (offset < 0 || offset >= _windows)
        {
            return;
        }

        var cell = (key * _windows) + (int)offset;
        _requests[cell]++;
        if (admitted)
        {
            _admitted[cell]++;
            if (failOpen)
            {
                _failOpen[cell] = true;
                _admittedFailOpen++;
            }
        }
    }

    public AccuracyFigures Summarize(int instances)
    {
        var splits = new long[_requests.Length];
        foreach (var (node, key, window) in _starts)
        {
            foreach (var counted in (long[])[window, window + 1])
            {
                var offset = counted - _firstWindow;
                if (offset >= 0 && offset < _windows && node.FewestLive(counted) is { } live)
                {
                    splits[(key * _windows) + offset] += Split(live);
                }
            }
        }

        long requests = 0, admitted = 0, windows = 0, overBudget = 0, overBound = 0, overBoundFailOpen = 0, fitting = 0, used = 0;
        double maxRatio = 0, maxExcess = 0;
        for (var cell = 0; cell < _requests.Length; cell++)
        {
            if (_requests[cell] == 0)
            {
                continue;
            }

            windows++;
            requests += _requests[cell];
            admitted += _admitted[cell];
            fitting += Math.Min(_requests[cell], _budget);
            used += Math.Min(_admitted[cell], _budget);
            maxRatio = Math.Max(maxRatio, (double)_admitted[cell] / _budget);
            maxExcess = Math.Max(maxExcess, (double)(_admitted[cell] - _budget) / Split(instances));
            overBudget += _admitted[cell] > _budget ? 1 : 0;
            if (_admitted[cell] > _budget + splits[cell])
            {
                overBound++;
                overBoundFailOpen += _failOpen[cell] ? 1 : 0;
            }
        }

        return new AccuracyFigures
        {
            Requests = requests,
            Admitted = admitted,
            Windows = windows,
            MaxAdmittedOverBudget = maxRatio,
            WindowsOverBudget = overBudget,
            WindowsOverBound = overBound,
            WindowsOverBoundFailOpen = overBoundFailOpen,
            MaxExcessInSplits = maxExcess,
            AdmittedFailOpen = _admittedFailOpen,
            Utilisation = fitting == 0 ? 1 : (double)used / fitting,
        };
    }

    private long Split(int instances) => (_budget + Math.Max(1, instances) - 1) / Math.Max(1, instances);
}
