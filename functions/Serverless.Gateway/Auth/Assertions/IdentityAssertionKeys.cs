using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Serverless.Gateway.Auth.Assertions;

/// <summary>
/// Holds the current <see cref="AssertionKeyRing"/>. Every configuration change binds and validates
/// <c>Auth:IdentityAssertion</c> again: a valid change that alters it replaces the ring (key rollover without a
/// restart), an invalid one is logged and ignored so the last good keys keep signing, as the gateway's routes do.
/// </summary>
internal sealed class IdentityAssertionKeys : IDisposable
{
    private readonly IOptionsFactory<IdentityAssertionOptions> _factory;
    private readonly ILogger<IdentityAssertionKeys> _logger;
    private readonly bool _mayGenerate;
    private readonly Lock _reloadLock = new();
    private readonly IDisposable _registration;
    private IdentityAssertionOptions _options;
    private AssertionSigningKey? _ephemeral;
    private volatile AssertionKeyRing _current;

    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public IdentityAssertionKeys(
        IOptions<IdentityAssertionOptions> options,
        IOptionsFactory<IdentityAssertionOptions> factory,
        IConfiguration configuration,
        ILogger<IdentityAssertionKeys> logger,
        IOptions<EphemeralSigningKeyOptions> ephemeral)
    {
        _factory = factory;
        _logger = logger;

        // Off under the Functions host, where every instance would generate its own key; there a key must be configured
        // (the options validator insists when a backend needs one).
        _mayGenerate = ephemeral.Value.Allowed;
        _options = options.Value;
        _current = Build(_options);
        _registration = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public AssertionKeyRing Current => _current;

    public void Dispose() => _registration.Dispose();

    private void Reload()
    {
        lock (_reloadLock)
        {
            IdentityAssertionOptions options;
            try
            {
                options = _factory.Create(Options.DefaultName);
            }
            catch (OptionsValidationException ex)
            {
                var failures = ex.Failures.ToList();
                AssertionsLog.ChangeRejected(_logger, failures.Count, string.Join(Environment.NewLine, failures));
                return;
            }

            if (!SameSettings(options, _options))
            {
                _options = options;
                _current = Build(options);
            }
        }
    }

    private AssertionKeyRing Build(IdentityAssertionOptions options)
    {
        var keys = new List<AssertionSigningKey>(options.SigningKeys.Count);
        foreach (var configured in options.SigningKeys)
        {
            // Validated already; a key that does not load cannot get here.
            if (SigningKeyPem.TryLoad(configured.PrivateKeyPem!, out var key, out _))
            {
                keys.Add(new AssertionSigningKey(configured.Id!, key));
            }
        }

        if (keys.Count == 0 && _mayGenerate)
        {
            if (_ephemeral is null)
            {
                _ephemeral = AssertionSigningKey.CreateEphemeral();
                AssertionsLog.EphemeralKey(_logger, _ephemeral.Id);
            }

            keys.Add(_ephemeral);
        }

        var active = string.IsNullOrEmpty(options.ActiveKeyId) ? keys.FirstOrDefault() : keys.Find(key => key.Id == options.ActiveKeyId);
        if (active is not null && active != _ephemeral)
        {
            AssertionsLog.SigningWith(_logger, active.Id, keys.Count);
        }

        return new AssertionKeyRing(options.Issuer, options.Lifetime, keys, active, options.CacheSize);
    }

    private static bool SameSettings(IdentityAssertionOptions a, IdentityAssertionOptions b) =>
        a.Issuer == b.Issuer && a.Lifetime == b.Lifetime && a.CacheSize == b.CacheSize && a.ActiveKeyId == b.ActiveKeyId
        && a.SigningKeys.Select(key => (key.Id, key.PrivateKeyPem)).SequenceEqual(b.SigningKeys.Select(key => (key.Id, key.PrivateKeyPem)));
}
