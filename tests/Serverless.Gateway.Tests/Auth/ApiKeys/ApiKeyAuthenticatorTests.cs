using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Auth.ApiKeys;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class ApiKeyAuthenticatorTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly ApiKeyOptions _options = new() { Table = "ApiKeys" + Guid.NewGuid().ToString("N")[..8] };

    private (ApiKeyManager Manager, ApiKeyAuthenticator Authenticator, TableClient Table) Create(string? connectionString = null)
    {
        var storage = StorageClientFactory.Create(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString ?? azurite.ConnectionString }).Build());
        var store = new ApiKeyStore(storage, Options.Create(_options));
        return (new ApiKeyManager(store, _time), new ApiKeyAuthenticator(store, Options.Create(_options), _time, NullLogger<ApiKeyAuthenticator>.Instance, new Lifetime()),
            storage.Tables.GetTableClient(_options.Table));
    }

    [Fact]
    public async Task A_valid_key_yields_the_tenant_plan_and_scopes_it_was_created_with()
    {
        var (manager, authenticator, _) = Create();
        var issued = await manager.CreateAsync("contoso", "free", ["orders:read"], null, "mobile app", CancellationToken.None);

        var result = await authenticator.AuthenticateAsync(issued.Key, CancellationToken.None);

        Assert.Equal(ApiKeyFailure.None, result.Failure);
        Assert.Equal(new[] { "orders:read" }, result.Identity!.Scopes);
        Assert.Equal(("contoso", "free", issued.Record.KeyId, CallerIdentity.ApiKeyScheme),
            (result.Identity.Tenant, result.Identity.Plan, result.Identity.Subject, result.Identity.Scheme));
    }

    [Fact]
    public async Task A_wrong_secret_for_a_real_key_id_and_an_unknown_key_id_get_the_same_answer()
    {
        var (manager, authenticator, _) = Create();
        var issued = await manager.CreateAsync("contoso", "free", [], null, null, CancellationToken.None);
        var wrongSecret = ApiKeyFormat.Compose(issued.Record.KeyId, ApiKeyFormat.NewSecret());
        var unknownId = ApiKeyFormat.Compose(ApiKeyFormat.NewKeyId(), ApiKeyFormat.NewSecret());

        Assert.Equal(ApiKeyFailure.Invalid, (await authenticator.AuthenticateAsync(wrongSecret, CancellationToken.None)).Failure);
        Assert.Equal(ApiKeyFailure.Invalid, (await authenticator.AuthenticateAsync(unknownId, CancellationToken.None)).Failure);
        Assert.Equal(ApiKeyFailure.Invalid, (await authenticator.AuthenticateAsync("not-a-key", CancellationToken.None)).Failure);
    }

    [Fact]
    public async Task A_revocation_reaches_another_instance_within_the_cache_duration()
    {
        var (manager, authenticator, _) = Create();
        var issued = await manager.CreateAsync("contoso", "free", [], null, null, CancellationToken.None);
        Assert.Equal(ApiKeyFailure.None, (await authenticator.AuthenticateAsync(issued.Key, CancellationToken.None)).Failure);

        await manager.RevokeAsync(issued.Record.KeyId, CancellationToken.None);
        _time.Advance(_options.CacheDuration + TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(async () =>
            (await authenticator.AuthenticateAsync(issued.Key, CancellationToken.None)).Failure == ApiKeyFailure.Revoked);
    }

    [Fact]
    public async Task An_expired_key_is_refused_as_expired()
    {
        var (manager, authenticator, _) = Create();
        var issued = await manager.CreateAsync("contoso", "free", [], _time.GetUtcNow().AddHours(1), null, CancellationToken.None);

        _time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(ApiKeyFailure.Expired, (await authenticator.AuthenticateAsync(issued.Key, CancellationToken.None)).Failure);
    }

    [Fact]
    public async Task After_rotation_both_secrets_work_during_the_grace_period_and_only_the_new_one_after_it()
    {
        var (manager, authenticator, _) = Create();
        var original = await manager.CreateAsync("contoso", "free", [], null, null, CancellationToken.None);

        var rotated = await manager.RotateAsync(original.Record.KeyId, TimeSpan.FromHours(1), CancellationToken.None);

        Assert.NotEqual(original.Key, rotated.Key);
        Assert.Equal(ApiKeyFailure.None, (await authenticator.AuthenticateAsync(original.Key, CancellationToken.None)).Failure);
        Assert.Equal(ApiKeyFailure.None, (await authenticator.AuthenticateAsync(rotated.Key, CancellationToken.None)).Failure);
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(ApiKeyFailure.Invalid, (await authenticator.AuthenticateAsync(original.Key, CancellationToken.None)).Failure);
        Assert.Equal(ApiKeyFailure.None, (await authenticator.AuthenticateAsync(rotated.Key, CancellationToken.None)).Failure);
    }

    [Fact]
    public async Task During_a_storage_outage_cached_keys_keep_working_for_the_grace_period_then_are_unavailable()
    {
        var (manager, authenticator, _) = Create();
        var issued = await manager.CreateAsync("contoso", "free", [], null, null, CancellationToken.None);
        Assert.Equal(ApiKeyFailure.None, (await authenticator.AuthenticateAsync(issued.Key, CancellationToken.None)).Failure);

        await azurite.Azurite.StopAsync();
        try
        {
            _time.Advance(_options.CacheDuration + TimeSpan.FromMinutes(1));
            Assert.Equal(ApiKeyFailure.None, (await authenticator.AuthenticateAsync(issued.Key, CancellationToken.None)).Failure);

            _time.Advance(_options.OutageGrace);
            Assert.Equal(ApiKeyFailure.Unavailable, (await authenticator.AuthenticateAsync(issued.Key, CancellationToken.None)).Failure);
        }
        finally
        {
            await azurite.Azurite.StartAsync();
        }
    }

    [Fact]
    public async Task Storage_that_does_not_answer_in_time_makes_an_uncached_key_unavailable()
    {
        var stalling = new StallingHandler();
        var (manager, authenticator) = CreateOver(stalling, networkTimeout: TimeSpan.FromSeconds(1));
        var issued = await manager.CreateAsync("contoso", "free", [], null, null, CancellationToken.None);
        stalling.Stalling = true;

        var result = await authenticator.AuthenticateAsync(issued.Key, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ApiKeyFailure.Unavailable, result.Failure);
    }

    [Fact]
    public async Task A_caller_that_goes_away_ends_the_check_without_blaming_storage()
    {
        var stalling = new StallingHandler();
        var (manager, authenticator) = CreateOver(stalling, networkTimeout: TimeSpan.FromMinutes(5));
        var issued = await manager.CreateAsync("contoso", "free", [], null, null, CancellationToken.None);
        stalling.Stalling = true;
        using var aborted = new CancellationTokenSource();

        var check = authenticator.AuthenticateAsync(issued.Key, aborted.Token).AsTask();
        await stalling.Stalled.WaitAsync(TimeSpan.FromSeconds(30));
        await aborted.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_bug_while_reading_a_key_is_not_disguised_as_storage_being_unavailable()
    {
        var storage = new StorageClients(() => throw new InvalidOperationException("a bug, not an outage"));
        var authenticator = new ApiKeyAuthenticator(
            new ApiKeyStore(storage, Options.Create(_options)), Options.Create(_options), _time, NullLogger<ApiKeyAuthenticator>.Instance, new Lifetime());
        var key = ApiKeyFormat.Compose(ApiKeyFormat.NewKeyId(), ApiKeyFormat.NewSecret());

        var bug = await Assert.ThrowsAsync<InvalidOperationException>(async () => await authenticator.AuthenticateAsync(key, CancellationToken.None));

        Assert.Equal("a bug, not an outage", bug.Message);
    }

    [Fact]
    public async Task A_background_refresh_still_waiting_for_storage_is_cancelled_when_the_application_stops()
    {
        var stalling = new StallingHandler();
        var lifetime = new Lifetime();
        var (manager, authenticator) = CreateOver(stalling, networkTimeout: TimeSpan.FromMinutes(5), lifetime);
        var issued = await manager.CreateAsync("contoso", "free", [], null, null, CancellationToken.None);
        Assert.Equal(ApiKeyFailure.None, (await authenticator.AuthenticateAsync(issued.Key, CancellationToken.None)).Failure);
        stalling.Stalling = true;
        _time.Advance(_options.CacheDuration + TimeSpan.FromSeconds(1));

        // Served from the cache while the refresh waits for storage in the background.
        Assert.Equal(ApiKeyFailure.None, (await authenticator.AuthenticateAsync(issued.Key, CancellationToken.None)).Failure);
        await stalling.Stalled.WaitAsync(TimeSpan.FromSeconds(30));
        lifetime.StopApplication();

        await stalling.Cancelled.WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>Real Azurite behind <paramref name="handler"/>, with one attempt per call so a stall is a timeout, not a retry.</summary>
    private (ApiKeyManager Manager, ApiKeyAuthenticator Authenticator) CreateOver(
        HttpMessageHandler handler, TimeSpan networkTimeout, IHostApplicationLifetime? lifetime = null)
    {
        var options = new TableClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = networkTimeout;
        var storage = new StorageClients(new TableServiceClient(azurite.ConnectionString, options), new QueueServiceClient(azurite.ConnectionString));
        var store = new ApiKeyStore(storage, Options.Create(_options));
        return (new ApiKeyManager(store, _time),
            new ApiKeyAuthenticator(store, Options.Create(_options), _time, NullLogger<ApiKeyAuthenticator>.Instance, lifetime ?? new Lifetime()));
    }

    /// <summary>The application's lifetime, stopped by the test.</summary>
    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }

    [Fact]
    public async Task No_secret_is_stored_in_plain_text_or_in_any_reversible_encoding()
    {
        var (manager, _, table) = Create();
        var issued = await manager.CreateAsync("contoso", "free", ["orders:read"], null, null, CancellationToken.None);
        Assert.True(ApiKeyFormat.TryParse(issued.Key, out _, out var secretSpan));
        var secret = secretSpan.ToString();

        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            foreach (var value in entity.Select(property => property.Value))
            {
                var text = value switch
                {
                    byte[] bytes => Convert.ToBase64String(bytes) + System.Text.Encoding.ASCII.GetString(bytes),
                    _ => value?.ToString() ?? string.Empty,
                };
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
                Assert.DoesNotContain(issued.Key, text, StringComparison.Ordinal);
            }
        }
    }
}
