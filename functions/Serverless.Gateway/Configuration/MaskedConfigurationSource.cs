namespace Serverless.Gateway.Configuration;

/// <summary>A configuration source below an overlay, whose keys in the overlay's sections are hidden (see <see cref="OverlayConfigurationSource"/>).</summary>
internal sealed class MaskedConfigurationSource(IConfigurationSource inner, OverlayConfigurationSource overlay) : IConfigurationSource
{
    public IConfigurationSource Inner { get; } = inner;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new MaskedConfigurationProvider(Inner.Build(builder), overlay);
}
