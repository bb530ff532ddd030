namespace Serverless.Gateway.Configuration;

/// <summary>The configuration provider of an <see cref="OverlayConfigurationSource"/>: its current values.</summary>
internal sealed class OverlayConfigurationProvider : ConfigurationProvider
{
    private readonly OverlayConfigurationSource _source;

    public OverlayConfigurationProvider(OverlayConfigurationSource source)
    {
        _source = source;
        Data = Copy(source.Values);
    }

    public void Refresh()
    {
        Data = Copy(_source.Values);
        OnReload();
    }

    private static Dictionary<string, string?> Copy(IReadOnlyDictionary<string, string?> values) => new(values, StringComparer.OrdinalIgnoreCase);
}
