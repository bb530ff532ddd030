using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Auth.ApiKeys;

/// <summary>
/// Verifies API keys on the hot path from an in-memory cache: a cached key costs a dictionary look-up and one SHA-256,
/// with no allocation and no storage call. Entries older than <see cref="ApiKeyOptions.CacheDuration"/> keep serving
/// while one background read refreshes them, so revocations reach every instance within that duration plus one
/// storage round trip; if storage is down, cached keys keep working for <see cref="ApiKeyOptions.OutageGrace"/>.
/// </summary>
public sealed partial class ApiKeyAuthenticator
{
    private static readonly TimeSpan RefreshRetryInterval = TimeSpan.FromSeconds(1);

    private readonly ApiKeyStore _store;
    private readonly ApiKeyOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiKeyAuthenticator> _logger;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<string, CachedApiKey> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CachedApiKey>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public ApiKeyAuthenticator(
        ApiKeyStore store, IOptions<ApiKeyOptions> options, TimeProvider time, ILogger<ApiKeyAuthenticator> logger, IHostApplicationLifetime lifetime)
    {
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
        _lookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public ValueTask<ApiKeyResult> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryParse(presentedKey, out var keyId, out var secret))
        {
            return ValueTask.FromResult(ApiKeyResult.Fail(ApiKeyFailure.Invalid));
        }

        var now = _time.GetUtcNow();
        if (_lookup.TryGetValue(keyId, out var cached))
        {
            var age = now - cached.FetchedAt;
            var fresh = cached.Record is null ? _options.NegativeCacheDuration : _options.CacheDuration;
            if (age < fresh)
            {
                return ValueTask.FromResult(Verify(cached, secret, now));
            }

            if (cached.Record is not null && age < fresh + _options.OutageGrace)
            {
                RefreshInBackground(cached, now);
                return ValueTask.FromResult(Verify(cached, secret, now));
            }
        }

        return FetchAndVerifyAsync(keyId.ToString(), secret.ToString(), cancellationToken);
    }

    private async ValueTask<ApiKeyResult> FetchAndVerifyAsync(string keyId, string secret, CancellationToken cancellationToken)
    {
        CachedApiKey entry;
        try
        {
            entry = await LoadAsync(keyId, cancellationToken);
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            LogStorageUnavailable(_logger, keyId, ex.GetType().Name);
            return ApiKeyResult.Fail(ApiKeyFailure.Unavailable);
        }

        return Verify(entry, secret, _time.GetUtcNow());
    }

    private async Task<CachedApiKey> LoadAsync(string keyId, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(keyId, cancellationToken);
        var entry = new CachedApiKey(record, _time.GetUtcNow());
        if (record is not null || _cache.Count < _options.MaxCachedKeys)
        {
            _cache[keyId] = entry;
        }

        return entry;
    }

    private void RefreshInBackground(CachedApiKey cached, DateTimeOffset now)
    {
        if (now - cached.LastFailedRefresh < RefreshRetryInterval || !cached.TryBeginRefresh())
        {
            return;
        }

        var keyId = cached.Record!.KeyId;
        _ = Task.Run(async () =>
        {
            try
            {
                await LoadAsync(keyId, _stopping);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // The application is stopping: the cached copy serves whatever requests are left.
            }
            catch (Exception ex) when (IsStorageFailure(ex, _stopping))
            {
                cached.LastFailedRefresh = _time.GetUtcNow();
                LogRefreshFailed(_logger, keyId, ex.GetType().Name);
            }
            catch (Exception ex)
            {
                // A bug: nobody awaits this task, so it is logged with its stack trace rather than lost.
                cached.LastFailedRefresh = _time.GetUtcNow();
                LogRefreshBug(_logger, ex, keyId);
            }
            finally
            {
                cached.EndRefresh();
            }
        });
    }

    /// <summary>
    /// Storage that failed or did not answer in time (the SDK cancels a try that exceeds its network timeout, and reports
    /// retries that all failed together), or storage that is not configured. A cancellation of the caller's own token is
    /// the caller going away, which ends the request quietly; anything else is a bug and must surface as one.
    /// </summary>
    private static bool IsStorageFailure(Exception exception, CancellationToken callerToken) => exception switch
    {
        Azure.RequestFailedException or HttpRequestException or IOException or Azure.Identity.AuthenticationFailedException => true,
        GatewayConfigurationException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(inner => IsStorageFailure(inner, callerToken)),
        _ => false,
    };

    private static ApiKeyResult Verify(CachedApiKey cached, ReadOnlySpan<char> secret, DateTimeOffset now)
    {
        if (cached.Record is not { } record)
        {
            return ApiKeyResult.Fail(ApiKeyFailure.Invalid);
        }

        var matches = MatchesVerified(cached, secret) || MatchesCurrent(cached, record, secret)
            || (record.PreviousValidUntil > now && record.PreviousSalt is { } salt && record.PreviousSecretHash is { } hash
                && ApiKeyHasher.Verify(salt, secret, hash));

        // Status is only revealed to a caller who proved they hold the secret.
        return !matches ? ApiKeyResult.Fail(ApiKeyFailure.Invalid)
            : record.RevokedAt <= now ? ApiKeyResult.Fail(ApiKeyFailure.Revoked)
            : record.ExpiresAt <= now ? ApiKeyResult.Fail(ApiKeyFailure.Expired)
            : new ApiKeyResult(cached.Identity, ApiKeyFailure.None);
    }

    private static bool MatchesVerified(CachedApiKey cached, ReadOnlySpan<char> secret)
    {
        if (cached.VerifiedSecret is not { } verified || verified.Length != secret.Length)
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[ApiKeyFormat.SecretLength];
        var length = System.Text.Encoding.ASCII.GetBytes(secret, presented);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(presented[..length], verified);
    }

    private static bool MatchesCurrent(CachedApiKey cached, ApiKeyRecord record, ReadOnlySpan<char> secret)
    {
        if (!ApiKeyHasher.Verify(record.Salt, secret, record.SecretHash))
        {
            return false;
        }

        cached.VerifiedSecret = System.Text.Encoding.ASCII.GetBytes(secret.ToArray());
        return true;
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "API key {KeyId} could not be checked: storage unavailable ({ExceptionType})")]
    private static partial void LogStorageUnavailable(ILogger logger, string keyId, string exceptionType);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Refreshing API key {KeyId} failed ({ExceptionType}); the cached copy keeps serving")]
    private static partial void LogRefreshFailed(ILogger logger, string keyId, string exceptionType);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Refreshing API key {KeyId} failed with an unexpected error; the cached copy keeps serving")]
    private static partial void LogRefreshBug(ILogger logger, Exception exception, string keyId);
}
