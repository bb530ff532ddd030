using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Auth.Assertions;

/// <summary>
/// Checks <see cref="IdentityAssertionOptions"/>, naming every bad key. Where the gateway may not generate a key
/// (<see cref="EphemeralSigningKeyOptions"/>: under the Functions host) a backend that receives assertions needs a
/// configured key: an ephemeral one would differ between instances, and backends fetch the keys from whichever instance answers.
/// </summary>
internal sealed partial class IdentityAssertionOptionsValidator(IConfiguration configuration, IOptions<EphemeralSigningKeyOptions> ephemeral)
    : IValidateOptions<IdentityAssertionOptions>
{
    private const string Key = IdentityAssertionOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, IdentityAssertionOptions options)
    {
        var errors = Errors(options);
        if (!ephemeral.Value.Allowed && options.SigningKeys.Count == 0 && BackendsReceivingAssertions() is { Count: > 0 } backends)
        {
            errors.Add($"{Key}:SigningKeys: is required under the Functions host, because backend(s) {string.Join(", ", backends)} receive identity assertions "
                + $"(Gateway:Backends:<id>:IdentityAssertion); set {Key}:SigningKeys:0:Id and {Key}:SigningKeys:0:PrivateKeyPem (in Azure, a Key Vault reference).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Errors(IdentityAssertionOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            errors.Add($"{Key}:Issuer: must not be empty.");
        }

        if (options.Lifetime < IdentityAssertionOptions.MinLifetime || options.Lifetime > IdentityAssertionOptions.MaxLifetime)
        {
            errors.Add($"{Key}:Lifetime: {options.Lifetime:c} must be between {IdentityAssertionOptions.MinLifetime:c} and {IdentityAssertionOptions.MaxLifetime:c}.");
        }

        if (options.CacheSize is < 0 or > 1_000_000)
        {
            errors.Add($"{Key}:CacheSize: {options.CacheSize} must be between 0 (off) and 1000000.");
        }

        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.SigningKeys.Count; i++)
        {
            ValidateKey($"{Key}:SigningKeys:{i}", options.SigningKeys[i], ids, errors);
        }

        if (!string.IsNullOrEmpty(options.ActiveKeyId) && !options.SigningKeys.Exists(key => key.Id == options.ActiveKeyId))
        {
            var known = options.SigningKeys.Count == 0 ? "none are configured" : "configured: " + string.Join(", ", options.SigningKeys.Select(key => key.Id));
            errors.Add($"{Key}:ActiveKeyId: '{options.ActiveKeyId}' names no key under {Key}:SigningKeys ({known}).");
        }

        return errors;
    }

    private static void ValidateKey(string key, AssertionSigningKeyOptions signingKey, HashSet<string> ids, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(signingKey.Id))
        {
            errors.Add($"{key}:Id: is required; it is the kid of the assertions the key signs.");
        }
        else if (!KeyId().IsMatch(signingKey.Id))
        {
            errors.Add($"{key}:Id: '{signingKey.Id}' may hold only letters, digits, '.', '_' and '-' (at most 64 characters).");
        }
        else if (!ids.Add(signingKey.Id))
        {
            errors.Add($"{key}:Id: '{signingKey.Id}' is the id of another key too; key ids must be unique.");
        }

        if (string.IsNullOrWhiteSpace(signingKey.PrivateKeyPem))
        {
            errors.Add($"{key}:PrivateKeyPem: is required: the PEM text of an ECDSA P-256 private key.");
        }
        else if (!SigningKeyPem.TryLoad(signingKey.PrivateKeyPem, out var loaded, out var error))
        {
            errors.Add($"{key}:PrivateKeyPem: {error}");
        }
        else
        {
            loaded.Dispose();
        }
    }

    /// <summary>Read from configuration as it is now: the validated routing snapshot may not have seen a change yet.</summary>
    private List<string> BackendsReceivingAssertions() =>
        [.. GatewayOptionsBinder.Bind(configuration.GetSection(GatewayOptions.SectionName), []).Backends
            .Where(backend => backend.Value.IdentityAssertion).Select(backend => backend.Key).Order(StringComparer.Ordinal)];

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyId();
}
