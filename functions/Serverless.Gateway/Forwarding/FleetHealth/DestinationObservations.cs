namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// One destination's successes and failures as this instance saw them, in a ring of buckets (one per sync interval)
/// keyed by their number since the Unix epoch: fixed memory and two interlocked increments per request. A request that
/// races a bucket's reuse may land in the new bucket; that moves a few counts by one bucket, never loses them.
/// </summary>
internal sealed class DestinationObservations(int buckets)
{
    private readonly Bucket[] _ring = [.. Enumerable.Range(0, buckets).Select(static _ => new Bucket())];

    public int Length => _ring.Length;

    public void Record(long epoch, bool failed)
    {
        var bucket = _ring[epoch % _ring.Length];
        if (Volatile.Read(ref bucket.Epoch) != epoch)
        {
            lock (bucket)
            {
                if (bucket.Epoch != epoch)
                {
                    bucket.Successes = 0;
                    bucket.Failures = 0;
                    Volatile.Write(ref bucket.Epoch, epoch);
                }
            }
        }

        if (failed)
        {
            Interlocked.Increment(ref bucket.Failures);
        }
        else
        {
            Interlocked.Increment(ref bucket.Successes);
        }
    }

    /// <summary>Counts of the <paramref name="count"/> buckets ending with <paramref name="epoch"/>, newest first; null when all are empty.</summary>
    public (long[] Successes, long[] Failures)? Snapshot(long epoch, int count)
    {
        var successes = new long[count];
        var failures = new long[count];
        var any = false;
        for (var i = 0; i < count && i < _ring.Length; i++)
        {
            var wanted = epoch - i;
            if (wanted < 0)
            {
                break;
            }

            var bucket = _ring[wanted % _ring.Length];
            if (Volatile.Read(ref bucket.Epoch) == wanted)
            {
                successes[i] = Volatile.Read(ref bucket.Successes);
                failures[i] = Volatile.Read(ref bucket.Failures);
                any |= successes[i] + failures[i] > 0;
            }
        }

        return any ? (successes, failures) : null;
    }

    private sealed class Bucket
    {
        public long Epoch = -1;
        public long Successes;
        public long Failures;
    }
}
