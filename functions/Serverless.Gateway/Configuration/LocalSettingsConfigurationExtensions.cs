using System.Text.Json;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace Serverless.Gateway.Configuration;

/// <summary>
/// Configuration sources that only the standalone mode needs: <c>local.settings.json</c>'s <c>Values</c>
/// (which <c>func start</c> would otherwise turn into environment variables) and an extra JSON file named by
/// <c>--config</c>. Both rank below environment variables and the command line, as they would under the host.
/// </summary>
public static class LocalSettingsConfigurationExtensions
{
    public static IConfigurationBuilder AddStandaloneSources(this IConfigurationManager configuration, string? configFile)
    {
        var index = IndexBeforeEnvironment(configuration);
        var localSettings = Path.Combine(Directory.GetCurrentDirectory(), "local.settings.json");
        if (File.Exists(localSettings))
        {
            configuration.Sources.Insert(index++, new MemoryConfigurationSource { InitialData = ReadValues(localSettings) });
        }

        if (!string.IsNullOrWhiteSpace(configFile))
        {
            var fullPath = Path.GetFullPath(configFile);
            if (!File.Exists(fullPath))
            {
                throw new GatewayConfigurationException($"The configuration file '{fullPath}' given with --config does not exist.");
            }

            var json = new CheckedJsonConfigurationSource
            {
                Path = Path.GetFileName(fullPath),
                Optional = false,
                ReloadOnChange = true,
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetDirectoryName(fullPath)!),
            };
            configuration.Sources.Insert(index, json);

            // Inserting loaded the file; one that cannot be read stops start-up here, before anything binds its absence.
            if (CheckedJsonConfigurationProvider.ErrorsOf(configuration) is [var error, ..])
            {
                throw new GatewayConfigurationException(error);
            }
        }

        return configuration;
    }

    private static int IndexBeforeEnvironment(IConfigurationManager configuration)
    {
        for (var i = 0; i < configuration.Sources.Count; i++)
        {
            if (configuration.Sources[i] is EnvironmentVariablesConfigurationSource)
            {
                return i;
            }
        }

        return configuration.Sources.Count;
    }

    private static Dictionary<string, string?> ReadValues(string path)
    {
        var content = File.ReadAllBytes(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new GatewayConfigurationException(ConfigurationFileError.Describe(path, exception, content), exception);
        }

        using (document)
        {
            return ValuesOf(document.RootElement);
        }
    }

    private static Dictionary<string, string?> ValuesOf(JsonElement root)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Values", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in section.EnumerateObject())
            {
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] =
                    property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
        }

        return values;
    }
}
