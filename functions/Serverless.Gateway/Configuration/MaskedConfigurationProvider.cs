namespace Serverless.Gateway.Configuration;

/// <summary>Another provider's keys, less those in the sections an overlay owns; loading, reloading and changes are the inner provider's.</summary>
internal sealed class MaskedConfigurationProvider(IConfigurationProvider inner, OverlayConfigurationSource overlay) : IConfigurationProvider, IDisposable
{
    public IConfigurationProvider Inner { get; } = inner;

    public bool TryGet(string key, out string? value)
    {
        if (overlay.Masks(key))
        {
            value = null;
            return false;
        }

        return Inner.TryGet(key, out value);
    }

    public void Set(string key, string? value) => Inner.Set(key, value);

    public Microsoft.Extensions.Primitives.IChangeToken GetReloadToken() => Inner.GetReloadToken();

    public void Load() => Inner.Load();

    public IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
    {
        var own = Inner.GetChildKeys([], parentPath);
        return own.Where(key => !overlay.Masks(parentPath is null ? key : ConfigurationPath.Combine(parentPath, key))).Concat(earlierKeys);
    }

    public void Dispose() => (Inner as IDisposable)?.Dispose();

    public override string ToString() => Inner.ToString() ?? nameof(MaskedConfigurationProvider);
}
