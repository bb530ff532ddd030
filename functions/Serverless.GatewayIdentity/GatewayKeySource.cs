using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.GatewayIdentity;

/// <summary>
/// The gateway's keys, fetched from its JWKS and cached. At most one fetch runs at a time and fetches start at most
/// once per <see cref="GatewayAssertionValidationOptions.MinimumKeysRefreshInterval"/>, whoever asks: the first
/// assertion, keys older than <see cref="GatewayAssertionValidationOptions.KeysRefreshInterval"/>, or an unknown
/// <c>kid</c> (or a flood of them). Cached keys keep serving while a background fetch replaces them and when it fails.
/// </summary>
internal sealed class GatewayKeySource : IDisposable
{
    // A gateway that does not answer within this long is treated as down.
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    // Far above a real key set (about 200 bytes a key), far below anything that could hurt.
    private const int MaxKeySetBytes = 256 * 1024;

    private readonly GatewayAssertionValidationOptions _options;
    private readonly Uri _jwksUri;
    private readonly TokenValidationParameters _template;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private GatewayKeySet? _current;
    private Task<GatewayKeySet?>? _fetch;
    private long _nextFetchAllowedTicks;

    public GatewayKeySource(
        GatewayAssertionValidationOptions options, TokenValidationParameters template, IHttpClientFactory httpClientFactory, TimeProvider time, ILogger logger)
    {
        _options = options;
        _jwksUri = options.JwksUri!;
        _template = template;
        _httpClientFactory = httpClientFactory;
        _time = time;
        _logger = logger;
    }

    /// <summary>The current keys, fetching them on first use; null when they could not be fetched.</summary>
    public ValueTask<GatewayKeySet?> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is null)
        {
            return TryStartFetch(unknownKey: false) is { } fetch
                ? new ValueTask<GatewayKeySet?>(fetch.WaitAsync(cancellationToken))
                : ValueTask.FromResult(Volatile.Read(ref _current));
        }

        if (_time.GetUtcNow() >= current.RefreshAfter)
        {
            _ = TryStartFetch(unknownKey: false);
        }

        return ValueTask.FromResult<GatewayKeySet?>(current);
    }

    /// <summary>
    /// Called when an assertion names a key <paramref name="current"/> lacks: fetches again unless that was done within
    /// the minimum interval, and returns the newest keys (possibly <paramref name="current"/> itself).
    /// </summary>
    public ValueTask<GatewayKeySet> RefreshAsync(GatewayKeySet current, CancellationToken cancellationToken)
    {
        var latest = Volatile.Read(ref _current) ?? current;
        if (!ReferenceEquals(latest, current))
        {
            return ValueTask.FromResult(latest);
        }

        if (TryStartFetch(unknownKey: true) is not { } fetch)
        {
            GatewayIdentityLog.RefreshThrottled(_logger, _options.MinimumKeysRefreshInterval);
            return ValueTask.FromResult(current);
        }

        return WaitForRefreshAsync(fetch, current, cancellationToken);
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private static async ValueTask<GatewayKeySet> WaitForRefreshAsync(Task<GatewayKeySet?> fetch, GatewayKeySet current, CancellationToken cancellationToken) =>
        await fetch.WaitAsync(cancellationToken).ConfigureAwait(false) ?? current;

    /// <summary>The running fetch, a new one if the throttle allows, or null.</summary>
    private Task<GatewayKeySet?>? TryStartFetch(bool unknownKey)
    {
        lock (_gate)
        {
            if (_fetch is { IsCompleted: false })
            {
                return _fetch;
            }

            var now = _time.GetUtcNow();
            if (now.UtcTicks < _nextFetchAllowedTicks)
            {
                return null;
            }

            _nextFetchAllowedTicks = (now + _options.MinimumKeysRefreshInterval).UtcTicks;
            if (unknownKey)
            {
                GatewayIdentityLog.RefreshingForUnknownKey(_logger, _jwksUri);
            }

            _fetch = FetchAsync();
            return _fetch;
        }
    }

    /// <summary>Never throws: a failed fetch is logged and leaves the current keys in place.</summary>
    private async Task<GatewayKeySet?> FetchAsync()
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
            timeout.CancelAfter(FetchTimeout);
            var json = await DownloadAsync(timeout.Token).ConfigureAwait(false);
            var keys = GatewayKeySet.Parse(json, _template, _time.GetUtcNow() + _options.KeysRefreshInterval, _jwksUri, _logger);
            Volatile.Write(ref _current, keys);
            GatewayIdentityLog.KeysFetched(_logger, keys.Count, _jwksUri);
            return keys;
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or InvalidDataException
            or ArgumentException or JsonException or InvalidOperationException or DecoderFallbackException)
        {
            if (Volatile.Read(ref _current) is null)
            {
                GatewayIdentityLog.KeysUnavailable(_logger, _jwksUri, _options.MinimumKeysRefreshInterval, ex);
            }
            else
            {
                GatewayIdentityLog.KeysRefreshFailed(_logger, _jwksUri, ex);
            }

            return null;
        }
    }

    private async Task<string> DownloadAsync(CancellationToken cancellationToken)
    {
        using var client = _httpClientFactory.CreateClient(GatewayAssertionValidator.HttpClientName);
        using var response = await client.GetAsync(_jwksUri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxKeySetBytes)
        {
            throw new InvalidDataException($"The key set is larger than {MaxKeySetBytes} bytes.");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxKeySetBytes + 1];
            var length = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > MaxKeySetBytes)
                {
                    throw new InvalidDataException($"The key set is larger than {MaxKeySetBytes} bytes.");
                }
            }

            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
        }
    }
}
