using Microsoft.Extensions.Options;
using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Auth.Jwt;

/// <summary>
/// Binds <c>Auth:Jwt</c>. The stock binder appends configured list items to a list's defaults, which would make
/// <c>ValidAlgorithms: ["ES256"]</c> still accept RS256; here a configured list replaces its default. Unknown keys are
/// errors, so a misspelt <c>ValidAudience</c> cannot silently leave a setting at its default.
/// </summary>
internal sealed class JwtOptionsSetup(IConfiguration configuration) : IConfigureOptions<JwtOptions>
{
    public void Configure(JwtOptions options)
    {
        var section = configuration.GetSection(JwtOptions.SectionName);
        ClearIfConfigured(section, nameof(JwtOptions.ValidAlgorithms), options.ValidAlgorithms);
        ClearIfConfigured(section, nameof(JwtOptions.ScopeClaims), options.ScopeClaims);
        StrictConfigurationBinder.BindSection(configuration, JwtOptions.SectionName, options);
    }

    private static void ClearIfConfigured(IConfigurationSection section, string key, List<string> list)
    {
        if (section.GetSection(key).GetChildren().Any())
        {
            list.Clear();
        }
    }
}
