namespace Serverless.Gateway.Forwarding.Canary;

/// <summary>
/// One group's request count, errors and latency histogram over a sliding window, kept in ten slots of a tenth of the
/// window each: fixed memory, no allocation per request, lock-free except when a slot is reused. Counts of a request
/// racing a slot's reuse may land in the new slot; that bounds the error at a few requests per tenth of the window.
/// </summary>
internal sealed class OutcomeWindow
{
    public const int Slots = 10;

    /// <summary>Latency bins grow by 15%, so a p95 is known to within 15% (upper bound of its bin); from 0.5 ms to about 8 minutes.</summary>
    private static readonly long[] BinUpperTicks = CreateBins();

    private readonly Slot[] _slots = Enumerable.Range(0, Slots).Select(static _ => new Slot()).ToArray();

    public void Record(long epoch, bool failed, TimeSpan latency)
    {
        var slot = _slots[epoch % Slots];
        if (Volatile.Read(ref slot.Epoch) != epoch)
        {
            lock (slot)
            {
                if (slot.Epoch != epoch)
                {
                    slot.Count = 0;
                    slot.Errors = 0;
                    Array.Clear(slot.Bins);
                    Volatile.Write(ref slot.Epoch, epoch);
                }
            }
        }

        Interlocked.Increment(ref slot.Count);
        if (failed)
        {
            Interlocked.Increment(ref slot.Errors);
        }

        var bin = Array.BinarySearch(BinUpperTicks, latency.Ticks);
        Interlocked.Increment(ref slot.Bins[Math.Min(bin < 0 ? ~bin : bin, BinUpperTicks.Length - 1)]);
    }

    /// <summary>Requests and errors within the window that ends with slot <paramref name="epoch"/>.</summary>
    public (int Count, int Errors) Totals(long epoch)
    {
        var count = 0;
        var errors = 0;
        foreach (var slot in _slots)
        {
            if (IsCurrent(slot, epoch))
            {
                count += Volatile.Read(ref slot.Count);
                errors += Volatile.Read(ref slot.Errors);
            }
        }

        return (count, errors);
    }

    /// <summary>The 95th-percentile latency within the window (the upper bound of its bin), or zero without requests.</summary>
    public TimeSpan P95(long epoch)
    {
        Span<int> bins = stackalloc int[BinUpperTicks.Length];
        var count = 0;
        foreach (var slot in _slots)
        {
            if (!IsCurrent(slot, epoch))
            {
                continue;
            }

            for (var i = 0; i < bins.Length; i++)
            {
                var n = Volatile.Read(ref slot.Bins[i]);
                bins[i] += n;
                count += n;
            }
        }

        var rank = (int)Math.Ceiling(count * 0.95);
        var seen = 0;
        for (var i = 0; i < bins.Length; i++)
        {
            seen += bins[i];
            if (seen >= rank && seen > 0)
            {
                return TimeSpan.FromTicks(BinUpperTicks[i]);
            }
        }

        return TimeSpan.Zero;
    }

    private static bool IsCurrent(Slot slot, long epoch)
    {
        var slotEpoch = Volatile.Read(ref slot.Epoch);
        return slotEpoch <= epoch && slotEpoch > epoch - Slots;
    }

    private static long[] CreateBins()
    {
        var bins = new long[100];
        var upper = TimeSpan.FromMilliseconds(0.5).Ticks;
        for (var i = 0; i < bins.Length; i++)
        {
            bins[i] = (long)(upper * Math.Pow(1.15, i));
        }

        return bins;
    }

    private sealed class Slot
    {
        public long Epoch = long.MinValue;
        public int Count;
        public int Errors;
        public readonly int[] Bins = new int[BinUpperTicks.Length];
    }
}
