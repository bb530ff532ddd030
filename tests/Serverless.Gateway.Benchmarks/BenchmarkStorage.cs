using Serverless.AppHost.Azurite;

namespace Serverless.Gateway.Benchmarks;

/// <summary>One Azurite for the benchmarks' set-up; nothing measured touches it.</summary>
public static class BenchmarkStorage
{
    private static readonly Lazy<Task<AzuriteProcess>> Azurite = new(() => AzuriteProcess.StartAsync(RepositoryRoot.Find()));

    public static async Task<string> ConnectionStringAsync() => (await Azurite.Value).ConnectionString;

    public static async Task StopAsync()
    {
        if (Azurite.IsValueCreated)
        {
            await (await Azurite.Value).DisposeAsync();
        }
    }
}
