namespace Serverless.Orders.Tests.Infrastructure;

/// <summary>Polls a condition until it holds, with a generous deadline; tests never assert how long something took.</summary>
internal static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, Func<T?, string> because)
    {
        using var deadline = new CancellationTokenSource(timeout);
        T? last = default;
        while (!deadline.IsCancellationRequested)
        {
            last = await probe();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail(because(last));
        return last!;
    }
}
