namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>Builds flat <c>Gateway:...</c> settings for routes and backends, as they would appear in environment variables.</summary>
public sealed class GatewaySettings
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    public GatewaySettings Route(string id, string path, string backend, params (string Key, string Value)[] extra)
    {
        _values[$"Gateway:Routes:{id}:Path"] = path;
        _values[$"Gateway:Routes:{id}:Backend"] = backend;
        foreach (var (key, value) in extra)
        {
            _values[$"Gateway:Routes:{id}:{key}"] = value;
        }

        return this;
    }

    public GatewaySettings Backend(string id, params string[] addresses)
    {
        for (var i = 0; i < addresses.Length; i++)
        {
            _values[$"Gateway:Backends:{id}:Destinations:d{i}"] = addresses[i];
        }

        return this;
    }

    public GatewaySettings Set(string key, string? value)
    {
        _values[key] = value;
        return this;
    }

    public IReadOnlyDictionary<string, string?> Build() => _values;
}
