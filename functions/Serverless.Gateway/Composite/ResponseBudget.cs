namespace Serverless.Gateway.Composite;

/// <summary>The bytes the parts' bodies may still take together; parts read in parallel draw on it as they read.</summary>
internal sealed class ResponseBudget(long bytes)
{
    private long _left = bytes;

    /// <summary>Takes <paramref name="count"/> bytes; false (and nothing taken) when fewer are left.</summary>
    public bool TryTake(long count)
    {
        if (Interlocked.Add(ref _left, -count) >= 0)
        {
            return true;
        }

        Interlocked.Add(ref _left, count);
        return false;
    }

    /// <summary>Gives back what a part took before it failed, so that the parts that succeed can use it.</summary>
    public void Return(long count) => Interlocked.Add(ref _left, count);
}
