using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Auth.Jwt;

/// <summary>
/// Keys and issuer from the identity provider's OpenID Connect discovery document and JWKS. At most one fetch runs at a
/// time and fetches start at most once per <see cref="JwtOptions.MinimumRefreshInterval"/>, whoever asks: expiry, an
/// unknown <c>kid</c>, or a burst of them. Stale keys keep serving while a background fetch replaces them and when it
/// fails. The throttle is the one backends use for the gateway's own keys (<c>ThrottledRefresh</c>).
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
    private readonly ThrottledRefresh<SigningKeySet> _keys;
    private readonly CancellationTokenSource _disposed = new();

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
        _keys = new ThrottledRefresh<SigningKeySet>(
            FetchAsync,
            static keys => keys.RefreshAfter,
            options.MinimumRefreshInterval,
            time,
            () => JwtLog.RefreshingForUnknownKey(logger, _metadataAddress),
            () => JwtLog.RefreshThrottled(logger, options.MinimumRefreshInterval));
    }

    public ValueTask<SigningKeySet?> GetAsync(CancellationToken cancellationToken) => _keys.GetAsync(cancellationToken);

    public ValueTask<SigningKeySet> RefreshAsync(SigningKeySet current, CancellationToken cancellationToken) => _keys.RefreshAsync(current, cancellationToken);

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        _http.Dispose();
    }

    /// <summary>Never throws: a failed fetch is logged and leaves the current keys in place.</summary>
    private async Task<SigningKeySet?> FetchAsync()
    {
        try
        {
            var document = await OpenIdConnectConfigurationRetriever.GetAsync(_metadataAddress, _retriever, _disposed.Token);
            IList<string> issuers = _options.ValidIssuers.Count > 0 ? _options.ValidIssuers
                : !string.IsNullOrEmpty(document.Issuer) ? [document.Issuer]
                : throw new InvalidDataException("The discovery document names no issuer; set Auth:Jwt:ValidIssuers.");
            var keys = SigningKeySet.Create(document.SigningKeys, issuers, _template, _time.GetUtcNow() + _options.MetadataRefreshInterval);

            // An empty key set would refuse every token; an identity provider's hiccup should not do that.
            if (keys.Count == 0)
            {
                throw new InvalidDataException("The identity provider publishes no RSA or EC signing keys.");
            }

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
            if (_keys.Current is null)
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
