using Microsoft.Extensions.Configuration.Json;

namespace Serverless.Gateway.Configuration;

/// <summary>
/// A JSON configuration file that may be edited while the gateway runs. The stock provider, on a reload it cannot parse,
/// empties its data, throws on a file-watcher thread where nobody sees it, and raises no change: the broken file goes
/// unnoticed until an unrelated change applies "no routes". This one keeps the data of the last readable version,
/// records why the new one could not be read (<see cref="Error"/>, with file, line and column) and raises the change, so
/// the configuration monitor rejects it like any invalid configuration. Start-up checks <see cref="Error"/> once loaded.
/// </summary>
internal sealed class CheckedJsonConfigurationProvider(CheckedJsonConfigurationSource source) : JsonConfigurationProvider(source)
{
    /// <summary>Why the file's current version could not be read, or null when it was.</summary>
    public string? Error { get; private set; }

    /// <summary>The file's errors among <paramref name="configuration"/>'s providers, when it is a configuration root.</summary>
    public static IReadOnlyList<string> ErrorsOf(IConfiguration configuration) =>
        configuration is IConfigurationRoot root
            ? [.. root.Providers.Select(static p => p is MaskedConfigurationProvider masked ? masked.Inner : p).OfType<CheckedJsonConfigurationProvider>().Select(p => p.Error).OfType<string>()]
            : [];

    public override void Load(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        try
        {
            base.Load(buffer);
            Error = null;
        }
        catch (FormatException exception)
        {
            // Data is left as it was: the last readable version, or nothing at all before the first.
            Error = ConfigurationFileError.Describe(Source.FileProvider?.GetFileInfo(Source.Path ?? string.Empty).PhysicalPath ?? Source.Path ?? "the configuration file", exception, buffer.ToArray());
        }
    }
}
