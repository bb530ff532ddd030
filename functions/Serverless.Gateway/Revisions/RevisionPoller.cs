using Azure;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Revisions;

/// <summary>
/// Reads the live pointer every <see cref="RevisionOptions.PollInterval"/> and, when its ETag changed, the revision it
/// names: checked on top of this instance's bootstrap configuration as at start-up, a valid one replaces the overlay's
/// sections (and the configuration's change applies it: routes, backends, policies, plans), an invalid one is refused
/// and the last good configuration keeps serving. The first read happens before the server starts, so a new instance
/// serves the live revision from its first request.
/// </summary>
internal sealed class RevisionPoller(
    RevisionStore store,
    OverlayConfigurationSource overlay,
    IConfiguration configuration,
    ConfigurationRevisionStatus status,
    IOptions<RevisionOptions> options,
    TimeProvider time,
    GatewayMetrics metrics,
    ILogger<RevisionPoller> logger) : BackgroundService
{
    /// <summary>How long the first read may hold up start-up; then the bootstrap serves and polling goes on.</summary>
    private static readonly TimeSpan FirstReadTimeout = TimeSpan.FromSeconds(10);

    private ETag? _seen;
    private bool _failing;
    private bool _first = true;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FirstReadTimeout);
        await PollAsync(timeout.Token);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>One poll: read the pointer, and the revision when it moved.</summary>
    internal async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            var live = await store.GetLiveAsync(cancellationToken);
            Recovered();
            if (live is null)
            {
                if (_first)
                {
                    logger.NoneLive(options.Value.Table, options.Value.PollInterval);
                }
            }
            else if (live.ETag != _seen)
            {
                var revision = await store.GetAsync(live.Revision, cancellationToken);
                _seen = live.ETag;
                Apply(live.Revision, revision);
            }
        }
        catch (Exception failure) when (failure is RequestFailedException or AggregateException or HttpRequestException or GatewayConfigurationException
            || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested) || (failure is OperationCanceledException && _first))
        {
            Failed(failure);
        }
        finally
        {
            _first = false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PollAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Apply(long number, ConfigurationRevision? revision)
    {
        List<string> errors;
        RevisionDocument? document = null;
        if (revision?.Text is null)
        {
            errors = [$"the live pointer names revision {number}, which is not in table {options.Value.Table}."];
        }
        else
        {
            try
            {
                document = RevisionDocument.Parse(revision.Text, $"revision {number}");
                errors = RevisionValidator.Validate(RevisionValidator.Effective(OverlayConfigurationSource.Bootstrap((IConfigurationRoot)configuration), document));
            }
            catch (ArgumentException unreadable)
            {
                errors = [unreadable.Message];
            }
        }

        if (errors.Count > 0 || document is null || revision is null)
        {
            status.Rejected(number, errors);
            metrics.ConfigRevisions.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"), new KeyValuePair<string, object?>("revision", number));
            logger.Rejected(number, errors.Count, Serving(), string.Join(Environment.NewLine, errors));
            return;
        }

        overlay.Apply(document.Values, document.Sections);
        status.Applied(number);
        metrics.ConfigRevisions.Add(1, new KeyValuePair<string, object?>("outcome", "applied"), new KeyValuePair<string, object?>("revision", number));
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.Applied(number, revision.PublishedBy, revision.PublishedAt, revision.Message ?? "no message", string.Join(", ", document.Sections));
        }
    }

    private string Serving() => status.Current.Applied is { } applied ? $"revision {applied}" : "the bootstrap configuration";

    private void Recovered()
    {
        status.ReadSucceeded();
        if (_failing)
        {
            _failing = false;
            logger.ReadRecovered(options.Value.Table);
        }
    }

    private void Failed(Exception failure)
    {
        var reason = failure switch
        {
            RequestFailedException { Status: 0 } or AggregateException or HttpRequestException => "storage is unreachable",
            RequestFailedException answered => $"storage answered {answered.Status} ({answered.ErrorCode})",
            OperationCanceledException => $"no answer within {FirstReadTimeout.TotalSeconds:0} s",
            _ => failure.Message,
        };
        status.ReadFailed(reason);
        if (!_failing)
        {
            _failing = true;
            logger.ReadFailed(options.Value.Table, Serving(), reason);
        }
    }
}
