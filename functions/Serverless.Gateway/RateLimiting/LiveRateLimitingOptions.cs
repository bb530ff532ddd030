using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// The rate-limit policies and plans as configured now. Every configuration change (a published revision, an edited
/// <c>--config</c> file) is bound and validated as at start-up; a valid one replaces <see cref="Current"/> and raises
/// <see cref="Changed"/>, an invalid one is logged and the last valid one stays. Unlike an options monitor, reading
/// <see cref="Current"/> never throws on the request path.
/// </summary>
public sealed partial class LiveRateLimitingOptions : IDisposable
{
    private readonly IOptionsFactory<RateLimitingOptions> _factory;
    private readonly ILogger<LiveRateLimitingOptions> _logger;
    private readonly IDisposable _registration;
    private readonly Lock _gate = new();
    private volatile RateLimitingOptions _current;

    public LiveRateLimitingOptions(
        IOptions<RateLimitingOptions> startup, IOptionsFactory<RateLimitingOptions> factory, IConfiguration configuration, ILogger<LiveRateLimitingOptions> logger)
    {
        ArgumentNullException.ThrowIfNull(startup);
        ArgumentNullException.ThrowIfNull(configuration);
        _current = startup.Value;
        _factory = factory;
        _logger = logger;
        _registration = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>Raised, under a lock, after a valid change replaced <see cref="Current"/>.</summary>
    public event Action<RateLimitingOptions>? Changed;

    public RateLimitingOptions Current => _current;

    public void Dispose() => _registration.Dispose();

    /// <summary>Reads the configuration now, for a listener that cannot wait for its turn after a change.</summary>
    internal void Refresh() => Reload();

    private void Reload()
    {
        lock (_gate)
        {
            RateLimitingOptions next;
            try
            {
                next = _factory.Create(Options.DefaultName);
            }
            catch (OptionsValidationException invalid)
            {
                LogRejected(_logger, string.Join(Environment.NewLine, invalid.Failures));
                return;
            }

            if (Describe(next) == Describe(_current))
            {
                return;
            }

            _current = next;
            LogApplied(_logger, next.Policies.Count, next.Plans.Count);
            Changed?.Invoke(next);
        }
    }

    /// <summary>The policies and plans as text, to tell a change of them from a change elsewhere in the configuration.</summary>
    private static string Describe(RateLimitingOptions options) =>
        string.Join('|', options.Policies.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
            .Select(p => $"{p.Key}:{p.Value.Limit}:{p.Value.Window}:{p.Value.Burst}:{p.Value.OnStorageFailure}")
            .Concat(options.Plans.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
                .Select(p => $"{p.Key}:{p.Value.RateLimitPolicy}:{p.Value.DailyQuota}:{p.Value.MonthlyQuota}:{p.Value.OnStorageFailure}")));

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Rate-limit policies and plans changed: {PolicyCount} policies, {PlanCount} plans; changed policies count afresh, unchanged ones keep their counters")]
    private static partial void LogApplied(ILogger logger, int policyCount, int planCount);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Error, Message = "A change of the rate-limit policies and plans was rejected; the previous ones stay:\n{Errors}")]
    private static partial void LogRejected(ILogger logger, string errors);
}
