namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// One instance's counts for one destination: per bucket of <paramref name="BucketMilliseconds"/>, newest (number
/// <paramref name="Epoch"/> since the Unix epoch) first. Rewritten in place each round; only its instance writes it.
/// </summary>
internal sealed record ObservationRow(
    string Backend, string Destination, string Instance, long BucketMilliseconds, long Epoch, long[] Successes, long[] Failures, DateTimeOffset LeaseUntil)
{
    public FleetRowKey Key => FleetHealthKeys.Observation(Backend, Destination, Instance);

    /// <summary>Requests and failures in the buckets that start at or after <paramref name="from"/>.</summary>
    public (long Requests, long Failures) CountFrom(DateTimeOffset from)
    {
        long requests = 0;
        long failures = 0;
        var fromMs = from.ToUnixTimeMilliseconds();
        for (var i = 0; i < Successes.Length && i < Failures.Length; i++)
        {
            if ((Epoch - i) * BucketMilliseconds < fromMs)
            {
                break;
            }

            requests += Successes[i] + Failures[i];
            failures += Failures[i];
        }

        return (requests, failures);
    }
}
