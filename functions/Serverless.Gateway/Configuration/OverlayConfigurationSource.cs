namespace Serverless.Gateway.Configuration;

/// <summary>
/// Whole sections that replace what the sources below hold for them: a published configuration revision. It is added last
/// (<see cref="OverlayConfigurationExtensions.AddOverlay"/>), which wraps every source below in a
/// <see cref="MaskedConfigurationSource"/>, so a section the overlay owns reads from the overlay alone. Keys merge one by
/// one in .NET configuration: without the mask a route left out of a revision would live on from app settings, and a
/// list of two methods replaced by one would keep the second.
/// </summary>
public sealed class OverlayConfigurationSource : IConfigurationSource
{
    private readonly Lock _gate = new();
    private volatile State _state = new(new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase), []);
    private OverlayConfigurationProvider? _provider;

    /// <summary>The sections the overlay owns now, as configuration paths such as <c>Gateway:Routes</c>.</summary>
    public IReadOnlyList<string> Sections => _state.Sections;

    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        lock (_gate)
        {
            _provider = new OverlayConfigurationProvider(this);
            return _provider;
        }
    }

    /// <summary>Replaces the overlay with <paramref name="values"/> owning <paramref name="sections"/>, and raises the configuration's change.</summary>
    public void Apply(IReadOnlyDictionary<string, string?> values, IReadOnlyList<string> sections)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(sections);
        OverlayConfigurationProvider? provider;
        lock (_gate)
        {
            _state = new State(new Dictionary<string, string?>(values, StringComparer.OrdinalIgnoreCase), [.. sections]);
            provider = _provider;
        }

        provider?.Refresh();
    }

    /// <summary>Whether <paramref name="key"/> is, or lies under, a section the overlay owns.</summary>
    public bool Masks(string key) => Owns(_state.Sections, key);

    /// <summary>Whether <paramref name="key"/> is, or lies under, one of <paramref name="sections"/>.</summary>
    public static bool Owns(IReadOnlyList<string> sections, string key)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(key);
        foreach (var section in sections)
        {
            if (key.StartsWith(section, StringComparison.OrdinalIgnoreCase) && (key.Length == section.Length || key[section.Length] == ':'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What the sources below the overlay hold, masks ignored, as flat keys and values: the bootstrap configuration a
    /// candidate revision is validated on top of.
    /// </summary>
    public static Dictionary<string, string?> Bootstrap(IConfigurationRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in root.Providers)
        {
            if (provider is OverlayConfigurationProvider)
            {
                continue;
            }

            Flatten(provider is MaskedConfigurationProvider masked ? masked.Inner : provider, null, values);
        }

        return values;
    }

    internal IReadOnlyDictionary<string, string?> Values => _state.Values;

    private static void Flatten(IConfigurationProvider provider, string? parent, Dictionary<string, string?> values)
    {
        foreach (var child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var key = parent is null ? child : ConfigurationPath.Combine(parent, child);
            if (provider.TryGet(key, out var value))
            {
                values[key] = value;
            }

            Flatten(provider, key, values);
        }
    }

    private sealed record State(Dictionary<string, string?> Values, string[] Sections);
}
