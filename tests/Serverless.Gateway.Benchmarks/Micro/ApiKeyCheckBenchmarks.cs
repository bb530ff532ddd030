using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>The per-request cost of checking an API key that is already cached: parse, look up, hash, compare.</summary>
public class ApiKeyCheckBenchmarks
{
    private ApiKeyAuthenticator _authenticator = null!;
    private string _key = null!;
    private string _wrongSecret = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = await BenchmarkStorage.ConnectionStringAsync() })
            .Build();
        var options = Options.Create(new ApiKeyOptions { CacheDuration = TimeSpan.FromHours(1) });
        var store = new ApiKeyStore(StorageClientFactory.Create(configuration), options);
        var issued = await new ApiKeyManager(store, TimeProvider.System).CreateAsync("bench", "standard", ["orders:read"], null, null, CancellationToken.None);
        _authenticator = new ApiKeyAuthenticator(
            store, options, TimeProvider.System, NullLogger<ApiKeyAuthenticator>.Instance, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance));
        _key = issued.Key;
        _wrongSecret = ApiKeyFormat.Compose(issued.Record.KeyId, ApiKeyFormat.NewSecret());
        await _authenticator.AuthenticateAsync(_key, CancellationToken.None);
    }

    [Benchmark(Baseline = true)]
    public ApiKeyFailure ValidCachedKey() => Completed(_authenticator.AuthenticateAsync(_key, CancellationToken.None));

    [Benchmark]
    public ApiKeyFailure WrongSecretForCachedKey() => Completed(_authenticator.AuthenticateAsync(_wrongSecret, CancellationToken.None));

    /// <summary>A cached key completes synchronously; anything else would mean the benchmark measures storage.</summary>
    private static ApiKeyFailure Completed(ValueTask<ApiKeyResult> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result.Failure : throw new InvalidOperationException("The key was not served from the cache.");
}
