using Microsoft.IdentityModel.Tokens;

namespace Serverless.Gateway.Auth.Jwt;

/// <summary>
/// One generation of trusted keys with the validation parameters built for them. Immutable and replaced whole on
/// refresh, so the hot path reads it without locks and a refresh is detected by reference.
/// </summary>
internal sealed class SigningKeySet
{
    private readonly HashSet<string> _keyIds;

    private SigningKeySet(List<SecurityKey> keys, TokenValidationParameters parameters, DateTimeOffset refreshAfter)
    {
        _keyIds = new HashSet<string>(keys.Select(k => k.KeyId).OfType<string>(), StringComparer.Ordinal);
        Count = keys.Count;
        Parameters = parameters;
        RefreshAfter = refreshAfter;
    }

    public int Count { get; }

    public TokenValidationParameters Parameters { get; }

    /// <summary>When these keys are stale enough to be replaced in the background.</summary>
    public DateTimeOffset RefreshAfter { get; }

    public bool HasKey(string keyId) => _keyIds.Contains(keyId);

    /// <param name="template">Everything but keys and issuers, shared by every generation.</param>
    /// <param name="issuers">Accepted issuers: the configured ones, or the one discovery named.</param>
    public static SigningKeySet Create(IEnumerable<SecurityKey> keys, IList<string> issuers, TokenValidationParameters template, DateTimeOffset refreshAfter)
    {
        var trusted = keys.Where(ConfiguredSigningKeys.IsAsymmetric).ToList();
        var parameters = template.Clone();
        parameters.IssuerSigningKeys = trusted;
        parameters.ValidIssuers = issuers;
        return new SigningKeySet(trusted, parameters, refreshAfter);
    }
}
