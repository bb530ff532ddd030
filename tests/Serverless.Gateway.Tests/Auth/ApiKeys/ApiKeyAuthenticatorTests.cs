using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Auth.ApiKeys;

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
        return (new ApiKeyManager(store, _time), new ApiKeyAuthenticator(store, Options.Create(_options), _time, NullLogger<ApiKeyAuthenticator>.Instance),
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
