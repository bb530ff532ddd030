using Serverless.LocalRun.Azurite;

namespace Serverless.Gateway.Benchmarks;

/// <summary>One in-memory Azurite per benchmark process, started on first use and stopped by Program.cs.</summary>
public static class BenchmarkStorage
{
    private static readonly Lazy<Task<AzuriteProcess>> Azurite = new(() => AzuriteProcess.StartAsync(RepositoryRoot.Find()));

    public static async Task<string> ConnectionStringAsync() => (await Azurite.Value).ConnectionString;

    /// <summary>The Azurite itself, for benchmarks that need its ports (to put a counting forwarder in front of one).</summary>
    public static async Task<AzuriteProcess> AzuriteAsync() => await Azurite.Value;

    public static async Task StopAsync()
    {
        if (Azurite.IsValueCreated)
        {
            await (await Azurite.Value).DisposeAsync();
        }
    }
}
