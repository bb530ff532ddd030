namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>Polls a condition until it holds, with a generous deadline; tests never assert how long something took.</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null) =>
        TrueAsync(condition, timeout, () => because);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout, Func<string?> because)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail(because() ?? "The condition did not become true before the deadline.");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, because);
}
