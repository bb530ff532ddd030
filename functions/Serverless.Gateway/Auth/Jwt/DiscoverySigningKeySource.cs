using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.Gateway.Auth.Jwt;

/// <summary>
/// Keys and issuer from the identity provider's OpenID Connect discovery document and JWKS. At most one fetch runs at a
/// time and fetches start at most once per <see cref="JwtOptions.MinimumRefreshInterval"/>, whoever asks: expiry, an
/// unknown <c>kid</c>, or a burst of them. Stale keys keep serving while a background fetch replaces them and when it
/// fails.
/// </summary>
/// <remarks>
/// Not <c>ConfigurationManager&lt;OpenIdConnectConfiguration&gt;</c>: since IdentityModel 8 its <c>RequestRefresh</c>
/// fetches in the background, so retrying a token straight after asking would still see the old keys (unless a
/// process-wide AppContext switch makes every refresh blocking), and it reads the system clock rather than the injected
/// <see cref="TimeProvider"/>. The parsing and validation of the documents is still IdentityModel's.
/// </remarks>
internal sealed class DiscoverySigningKeySource : ISigningKeySource
{
    // An identity provider that does not answer within this long is treated as down; stale keys keep serving meanwhile.
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    private readonly string _metadataAddress;
    private readonly JwtOptions _options;
    private readonly TokenValidationParameters _template;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly HttpDocumentRetriever _retriever;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private SigningKeySet? _current;
    private Task<SigningKeySet?>? _fetch;
    private long _nextFetchAllowedTicks;

    public DiscoverySigningKeySource(JwtOptions options, TokenValidationParameters template, TimeProvider time, ILogger logger)
    {
        _metadataAddress = string.IsNullOrWhiteSpace(options.MetadataAddress)
            ? options.Authority!.TrimEnd('/') + "/.well-known/openid-configuration"
            : options.MetadataAddress;
        _options = options;
        _template = template;
        _time = time;
        _logger = logger;

        // Owned rather than from IHttpClientFactory because it lives as long as the process; the pooled connection
        // lifetime makes it follow DNS changes of the identity provider all the same.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = FetchTimeout,
            MaxResponseContentBufferSize = 1024 * 1024,
        };
        _retriever = new HttpDocumentRetriever(_http) { RequireHttps = options.RequireHttpsMetadata };
    }

    public ValueTask<SigningKeySet?> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is null)
        {
            return TryStartFetch(unknownKey: false) is { } fetch
                ? new ValueTask<SigningKeySet?>(fetch.WaitAsync(cancellationToken))
                : ValueTask.FromResult(Volatile.Read(ref _current));
        }

        var now = _time.GetUtcNow();
        if (now >= current.RefreshAfter && now.UtcTicks >= Volatile.Read(ref _nextFetchAllowedTicks))
        {
            _ = TryStartFetch(unknownKey: false);
        }

        return ValueTask.FromResult<SigningKeySet?>(current);
    }

    public ValueTask<SigningKeySet> RefreshAsync(SigningKeySet current, CancellationToken cancellationToken)
    {
        var latest = Volatile.Read(ref _current) ?? current;
        if (!ReferenceEquals(latest, current))
        {
            return ValueTask.FromResult(latest);
        }

        if (TryStartFetch(unknownKey: true) is not { } fetch)
        {
            JwtLog.RefreshThrottled(_logger, _options.MinimumRefreshInterval);
            return ValueTask.FromResult(current);
        }

        return WaitForRefreshAsync(fetch, current, cancellationToken);
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        _http.Dispose();
    }

    private static async ValueTask<SigningKeySet> WaitForRefreshAsync(Task<SigningKeySet?> fetch, SigningKeySet current, CancellationToken cancellationToken) =>
        await fetch.WaitAsync(cancellationToken).ConfigureAwait(false) ?? current;

    /// <summary>The running fetch, a new one if the throttle allows, or null.</summary>
    private Task<SigningKeySet?>? TryStartFetch(bool unknownKey)
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

            Volatile.Write(ref _nextFetchAllowedTicks, (now + _options.MinimumRefreshInterval).UtcTicks);
            if (unknownKey)
            {
                JwtLog.RefreshingForUnknownKey(_logger, _metadataAddress);
            }

            _fetch = FetchAsync();
            return _fetch;
        }
    }

    /// <summary>Never throws: a failed fetch is logged and leaves the current keys in place.</summary>
    private async Task<SigningKeySet?> FetchAsync()
    {
        try
        {
            var document = await OpenIdConnectConfigurationRetriever.GetAsync(_metadataAddress, _retriever, _disposed.Token).ConfigureAwait(false);
            IList<string> issuers = _options.ValidIssuers.Count > 0 ? _options.ValidIssuers
                : !string.IsNullOrEmpty(document.Issuer) ? [document.Issuer]
                : throw new InvalidDataException("The discovery document names no issuer; set Auth:Jwt:ValidIssuers.");
            var keys = SigningKeySet.Create(document.SigningKeys, issuers, _template, _time.GetUtcNow() + _options.MetadataRefreshInterval);

            // An empty key set would refuse every token; an identity provider's hiccup should not do that.
            if (keys.Count == 0)
            {
                throw new InvalidDataException("The identity provider publishes no RSA or EC signing keys.");
            }

            Volatile.Write(ref _current, keys);
            JwtLog.KeysFetched(_logger, keys.Count, _metadataAddress);
            return keys;
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidOperationException or ArgumentException
            or JsonException or InvalidDataException or OperationCanceledException)
        {
            if (Volatile.Read(ref _current) is null)
            {
                JwtLog.KeysUnavailable(_logger, _metadataAddress, _options.MinimumRefreshInterval, ex);
            }
            else
            {
                JwtLog.KeysRefreshFailed(_logger, _metadataAddress, ex);
            }

            return null;
        }
    }
}
