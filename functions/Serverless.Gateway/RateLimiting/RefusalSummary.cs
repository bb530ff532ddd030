namespace Serverless.Gateway.RateLimiting;

/// <summary>The refusals counted under one <see cref="RefusalKey"/> on this instance, and how many of them are written.</summary>
internal sealed class RefusalSummary
{
    private readonly Lock _gate = new();
    private long _count;
    private long _written;
    private RefusalExplanation _last;

    /// <summary>Counts a refusal; true for the first of the key's minute.</summary>
    public bool Add(in RefusalExplanation explanation)
    {
        lock (_gate)
        {
            _last = explanation;
            return ++_count == 1;
        }
    }

    public (long Count, RefusalExplanation Last, bool IsWritten) Read()
    {
        lock (_gate)
        {
            return (_count, _last, _written == _count);
        }
    }

    public void MarkWritten(long count)
    {
        lock (_gate)
        {
            _written = Math.Max(_written, count);
        }
    }
}
