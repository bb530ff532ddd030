using Microsoft.Extensions.Options;
using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Auth.Assertions;

/// <summary>Binds <c>Auth:IdentityAssertion</c>; unknown keys and values that do not convert are errors, not silent defaults.</summary>
internal sealed class IdentityAssertionOptionsSetup(IConfiguration configuration) : IConfigureOptions<IdentityAssertionOptions>
{
    public void Configure(IdentityAssertionOptions options) =>
        StrictConfigurationBinder.BindSection(configuration, IdentityAssertionOptions.SectionName, options);
}
