namespace Serverless.Gateway.Configuration;

public static class OverlayConfigurationExtensions
{
    /// <summary>
    /// Adds <paramref name="overlay"/> above every source added so far, and masks those sources for the sections it owns.
    /// Call it once the bootstrap sources are all in place.
    /// </summary>
    public static IConfigurationManager AddOverlay(this IConfigurationManager configuration, OverlayConfigurationSource overlay)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(overlay);
        var sources = configuration.Sources.Select(source => source is MaskedConfigurationSource ? source : new MaskedConfigurationSource(source, overlay)).ToList();
        configuration.Sources.Clear();
        foreach (var source in sources)
        {
            configuration.Sources.Add(source);
        }

        configuration.Sources.Add(overlay);
        return configuration;
    }
}
