namespace Serverless.Gateway.Routing;

/// <summary>Named values (headers or query parameters) to set, append or remove; a name may appear in only one of the three.</summary>
public sealed class ValueTransformOptions
{
    /// <summary>Name to value: replaces whatever the message carried under that name. Default: none.</summary>
    public Dictionary<string, string> Set { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Name to value: added after whatever the message carried under that name. Default: none.</summary>
    public Dictionary<string, string> Append { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names removed from the message. Default: none.</summary>
    public List<string> Remove { get; set; } = [];
}
