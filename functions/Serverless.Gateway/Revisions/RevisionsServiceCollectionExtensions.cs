using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Revisions;

public static class RevisionsServiceCollectionExtensions
{
    /// <summary>
    /// The revisions table (<see cref="RevisionStore"/>) and its settings (section <c>ConfigurationRevisions</c>), validated
    /// at start-up: what the <c>config</c> commands publish through.
    /// </summary>
    public static IServiceCollection AddGatewayRevisionStore(this IServiceCollection services)
    {
        services.AddGatewayStorage();
        services.AddOptions<RevisionOptions>()
            .Configure<IConfiguration>((options, configuration) => StrictConfigurationBinder.BindSection(configuration, RevisionOptions.SectionName, options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RevisionOptions>, RevisionOptionsValidator>());
        services.TryAddSingleton<RevisionStore>();
        services.TryAddSingleton<RevisionPublisher>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConfigurationRevisionStatus>();
        return services;
    }

    /// <summary>
    /// Where <c>ConfigurationRevisions:Enabled</c> is true: the live revision over the bootstrap configuration (an overlay
    /// added above every source in <paramref name="configuration"/> so far, holding the revision live now) and the poller
    /// that keeps it current. Call it once the bootstrap sources are in place: it reads storage once.
    /// </summary>
    public static IServiceCollection AddGatewayConfigurationRevisions(this IServiceCollection services, IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddGatewayRevisionStore();
        if (!bool.TryParse(configuration[$"{RevisionOptions.SectionName}:Enabled"], out var enabled) || !enabled)
        {
            return services;
        }

        var overlay = new OverlayConfigurationSource();
        configuration.AddOverlay(overlay);
        var status = new ConfigurationRevisionStatus { Enabled = true };
        services.AddSingleton(overlay);
        services.AddSingleton(StartupRevision.Load(configuration, overlay, status));
        services.Replace(ServiceDescriptor.Singleton(status));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<RevisionPoller>();
        return services;
    }
}
