using Microsoft.Extensions.Options;
using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Caching;

/// <summary>Binds <c>Caching</c> with unknown keys and unconvertible values as errors.</summary>
internal sealed class CachingOptionsSetup(IConfiguration configuration) : IConfigureOptions<CachingOptions>
{
    public void Configure(CachingOptions options) => StrictConfigurationBinder.BindSection(configuration, CachingOptions.SectionName, options);
}
