using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Routing;

/// <summary>
/// Holds the last valid gateway configuration. Every configuration change is bound and validated as a whole;
/// a valid one replaces the current one and notifies subscribers, an invalid one is logged and ignored so the
/// last good configuration keeps serving.
/// </summary>
public sealed partial class GatewayConfigMonitor : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<GatewayConfigMonitor> _logger;
    private readonly IDisposable _registration;
    private readonly Lock _reloadLock = new();
    private volatile GatewayConfigSnapshot _current;

    public GatewayConfigMonitor(IConfiguration configuration, GatewayMetrics metrics, ILogger<GatewayConfigMonitor> logger)
    {
        _configuration = configuration;
        _metrics = metrics;
        _logger = logger;
        var (options, errors) = Load();
        if (options is null)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), errors);
        }

        _current = new GatewayConfigSnapshot(options, 1);
        _registration = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>Raised after a valid configuration replaced the current one.</summary>
    public event Action<GatewayConfigSnapshot>? Changed;

    public GatewayConfigSnapshot Current => _current;

    /// <summary>Errors of the most recent rejected change, or empty when the latest change was applied.</summary>
    public IReadOnlyList<string> LastRejection { get; private set; } = [];

    public void Dispose() => _registration.Dispose();

    private void Reload()
    {
        lock (_reloadLock)
        {
            var (options, errors) = Load();
            if (options is null)
            {
                LastRejection = errors;
                _metrics.ConfigReloads.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"));
                LogRejected(_logger, errors.Count, string.Join(Environment.NewLine, errors));
                return;
            }

            LastRejection = [];
            _metrics.ConfigReloads.Add(1, new KeyValuePair<string, object?>("outcome", "applied"));
            var snapshot = new GatewayConfigSnapshot(options, _current.Revision + 1);
            _current = snapshot;
            LogApplied(_logger, snapshot.Revision, options.Routes.Count, options.Backends.Count);
            Changed?.Invoke(snapshot);
        }
    }

    private (GatewayOptions? Options, List<string> Errors) Load() => GatewayConfigurationLoader.Load(_configuration);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Gateway configuration revision {Revision} applied: {RouteCount} routes, {BackendCount} backends")]
    private static partial void LogApplied(ILogger logger, long revision, int routeCount, int backendCount);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Gateway configuration change rejected ({ErrorCount} errors); the previous configuration keeps serving:\n{Errors}")]
    private static partial void LogRejected(ILogger logger, int errorCount, string errors);
}
