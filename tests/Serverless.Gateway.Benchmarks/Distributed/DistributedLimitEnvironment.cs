using System.Globalization;
using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Benchmarks.Processes;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>
/// Azurite, the counting forwarder in front of its table port, the counting backend, and the gateway processes sharing
/// one tenant's key on a route with API-key authentication and the plan's rate-limit policy.
/// </summary>
public sealed class DistributedLimitEnvironment : IAsyncDisposable
{
    public const string RateLimitTable = "RateLimits";
    public const string KeyTable = "ApiKeys";
    private const string Plan = "shared";

    private readonly List<FunctionAppInstance> _gateways = [];

    private DistributedLimitEnvironment(StorageCountingForwarder storage, CountingBackend backend)
    {
        Storage = storage;
        Backend = backend;
    }

    public StorageCountingForwarder Storage { get; }

    public CountingBackend Backend { get; }

    public IReadOnlyList<FunctionAppInstance> Gateways => _gateways;

    public string Key { get; private set; } = "";

    public static async Task<DistributedLimitEnvironment> StartAsync(DistributedLimitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var azurite = await BenchmarkStorage.AzuriteAsync();
        var storage = await StorageCountingForwarder.StartAsync(azurite.TablePort, cancellationToken);
        var environment = new DistributedLimitEnvironment(storage, await CountingBackend.StartAsync(cancellationToken));
        try
        {
            // Created straight on Azurite, not through the forwarder: set-up is not the limiter's cost.
            environment.Key = await BenchmarkKeys.CreateAsync(azurite.ConnectionString, KeyTable, "bench-tenant", Plan, cancellationToken);
            var settings = Settings(options, ThroughForwarder(azurite, storage.Address), environment.Backend.Address);
            for (var i = 0; i < options.Instances; i++)
            {
                environment._gateways.Add(FunctionAppInstance.Start($"gateway {i + 1}", settings));
            }

            await Task.WhenAll(environment._gateways.Select(gateway => gateway.WaitUntilHealthyAsync(cancellationToken)));
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    /// <summary>Gateways first: their graceful stop flushes the counts through the forwarder, which must still be there.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_gateways.Select(gateway => gateway.DisposeAsync().AsTask()));
        await Storage.DisposeAsync();
        await Backend.DisposeAsync();
    }

    private static string ThroughForwarder(AzuriteProcess azurite, Uri forwarder)
    {
        var direct = $"TableEndpoint=http://127.0.0.1:{azurite.TablePort.ToString(CultureInfo.InvariantCulture)}/";
        return azurite.ConnectionString.Contains(direct, StringComparison.Ordinal)
            ? azurite.ConnectionString.Replace(direct, $"TableEndpoint={forwarder.GetLeftPart(UriPartial.Authority)}/", StringComparison.Ordinal)
            : throw new InvalidOperationException($"Azurite's connection string has no '{direct}'.");
    }

    private static Dictionary<string, string> Settings(DistributedLimitOptions options, string connectionString, Uri backend)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [StorageClientFactory.DefaultConnectionName] = connectionString,

            // A pure proxy: no trigger listeners polling queues or writing heartbeats beside the limiter.
            ["Functions:Triggers:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Gateway:Backends:b:Destinations:d0"] = backend.ToString(),
            ["Gateway:Routes:bench:Path"] = "/bench/{**rest}",
            ["Gateway:Routes:bench:Backend"] = "b",
            ["Gateway:Routes:bench:AuthPolicy"] = "bench",
            ["Gateway:Routes:bench:RateLimitPolicy"] = "plan",
            ["Auth:Policies:bench:Require"] = "ApiKey",
            ["Auth:ApiKeys:Table"] = KeyTable,
            ["RateLimiting:Table"] = RateLimitTable,
            ["RateLimiting:SyncInterval"] = options.SyncInterval.ToString("c", CultureInfo.InvariantCulture),
            [$"RateLimiting:Policies:{Plan}:Limit"] = options.Limit.ToString(CultureInfo.InvariantCulture),
            [$"RateLimiting:Plans:{Plan}:RateLimitPolicy"] = Plan,
        };
        if (options.Burst is { } burst)
        {
            settings[$"RateLimiting:Policies:{Plan}:Burst"] = burst.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }
}
