using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.GatewayIdentity;

/// <summary>
/// The gateway's keys, fetched from its JWKS and cached: fetched on first use, replaced in the background after
/// <see cref="GatewayAssertionValidationOptions.KeysRefreshInterval"/>, fetched again for an unknown <c>kid</c>; never
/// more than once per <see cref="GatewayAssertionValidationOptions.MinimumKeysRefreshInterval"/> (see <see cref="ThrottledRefresh{T}"/>).
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
    private readonly ThrottledRefresh<GatewayKeySet> _keys;
    private readonly CancellationTokenSource _disposed = new();

    public GatewayKeySource(
        GatewayAssertionValidationOptions options, TokenValidationParameters template, IHttpClientFactory httpClientFactory, TimeProvider time, ILogger logger)
    {
        _options = options;
        _jwksUri = options.JwksUri!;
        _template = template;
        _httpClientFactory = httpClientFactory;
        _time = time;
        _logger = logger;
        _keys = new ThrottledRefresh<GatewayKeySet>(
            FetchAsync,
            static keys => keys.RefreshAfter,
            options.MinimumKeysRefreshInterval,
            time,
            () => GatewayIdentityLog.RefreshingForUnknownKey(logger, _jwksUri),
            () => GatewayIdentityLog.RefreshThrottled(logger, options.MinimumKeysRefreshInterval));
    }

    /// <summary>The current keys, fetching them on first use; null when they could not be fetched.</summary>
    public ValueTask<GatewayKeySet?> GetAsync(CancellationToken cancellationToken) => _keys.GetAsync(cancellationToken);

    /// <summary>For a <c>kid</c> <paramref name="current"/> lacks: the newest keys, fetched again unless that was done within the minimum interval.</summary>
    public ValueTask<GatewayKeySet> RefreshAsync(GatewayKeySet current, CancellationToken cancellationToken) => _keys.RefreshAsync(current, cancellationToken);

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
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
            if (_keys.Current is null)
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
