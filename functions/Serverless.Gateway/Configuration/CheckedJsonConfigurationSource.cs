using Microsoft.Extensions.Configuration.Json;

namespace Serverless.Gateway.Configuration;

/// <summary>The <c>--config</c> file: a watched JSON file whose unreadable versions are reported instead of applied (see <see cref="CheckedJsonConfigurationProvider"/>).</summary>
internal sealed class CheckedJsonConfigurationSource : JsonConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new CheckedJsonConfigurationProvider(this);
    }
}
