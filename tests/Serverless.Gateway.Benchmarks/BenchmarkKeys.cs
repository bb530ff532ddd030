using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Benchmarks;

/// <summary>API keys for the benchmarks' gateway processes, created the way <c>keys create</c> does.</summary>
public static class BenchmarkKeys
{
    /// <summary>Creates a key of <paramref name="tenant"/> on <paramref name="plan"/> without scopes and returns it.</summary>
    public static Task<string> CreateAsync(string connectionString, string table, string tenant, string plan, CancellationToken cancellationToken) =>
        CreateAsync(connectionString, table, tenant, plan, [], cancellationToken);

    /// <summary>Creates a key of <paramref name="tenant"/> on <paramref name="plan"/> with <paramref name="scopes"/> and returns it.</summary>
    public static async Task<string> CreateAsync(
        string connectionString, string table, string tenant, string plan, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create<string, string?>(StorageClientFactory.DefaultConnectionName, connectionString)])
            .Build();
        var store = new ApiKeyStore(StorageClientFactory.Create(configuration), Options.Create(new ApiKeyOptions { Table = table }));
        var issued = await new ApiKeyManager(store, TimeProvider.System).CreateAsync(tenant, plan, scopes, null, "benchmark", cancellationToken);
        return issued.Key;
    }
}
