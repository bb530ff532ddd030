using Microsoft.Extensions.Options;
using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Triggers;

/// <summary>Binds <see cref="QueueTriggerOptions"/> from host.json in the script root, then from the host-style app-setting overrides.</summary>
internal sealed class QueueTriggerOptionsSetup(IConfiguration configuration) : IConfigureOptions<QueueTriggerOptions>
{
    public void Configure(QueueTriggerOptions options)
    {
        var hostJson = Path.Combine(FunctionScriptRoot.Resolve(configuration), FunctionScriptRoot.HostJsonFileName);
        if (!File.Exists(hostJson))
        {
            throw new GatewayConfigurationException(
                $"'{hostJson}' does not exist. The build copies the repository's host.json next to the app; the standalone runtime reads its queue settings from it.");
        }

        new ConfigurationBuilder().AddJsonFile(hostJson, optional: false, reloadOnChange: false).Build()
            .GetSection(QueueTriggerOptions.HostJsonSection).Bind(options);
        configuration.GetSection(QueueTriggerOptions.OverrideSection).Bind(options);
    }
}
