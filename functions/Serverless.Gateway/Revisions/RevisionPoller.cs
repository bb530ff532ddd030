using Azure;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Revisions;

/// <summary>
/// Reads the live pointer every <see cref="RevisionOptions.PollInterval"/> and, when its ETag changed, the revision it
/// names: checked on top of this instance's bootstrap configuration as at start-up, a valid one replaces the overlay's
/// sections (and the configuration's change applies it: routes, backends, policies, plans), an invalid one is refused
/// and the last good configuration keeps serving. The revision live at start was read while the app was composed
/// (<see cref="StartupRevision"/>); this reports it and goes on from there.
/// </summary>
internal sealed class RevisionPoller(
    RevisionStore store,
    OverlayConfigurationSource overlay,
    StartupRevision startup,
    IConfiguration configuration,
    ConfigurationRevisionStatus status,
    IOptions<RevisionOptions> options,
    TimeProvider time,
    GatewayMetrics metrics,
    ILogger<RevisionPoller> logger) : BackgroundService
{
    private ETag? _seen;
    private bool _failing;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (startup.ReadError is { } error)
        {
            _failing = true;
            logger.ReadFailed(options.Value.Table, "the bootstrap configuration", error);
        }
        else if (startup is { Pointer: { } pointer, Evaluation: { } evaluation })
        {
            _seen = pointer.ETag;
            Report(evaluation, applied: evaluation.Document is not null);
        }
        else
        {
            logger.NoneLive(options.Value.Table, options.Value.PollInterval);
        }

        return base.StartAsync(cancellationToken);
    }

    /// <summary>One poll: read the pointer, and the revision when it moved.</summary>
    internal async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            var live = await store.GetLiveAsync(cancellationToken);
            Recovered();
            if (live is not null && live.ETag != _seen)
            {
                var revision = await store.GetAsync(live.Revision, cancellationToken);
                _seen = live.ETag;
                var evaluation = RevisionEvaluation.Of(live.Revision, revision, (IConfigurationRoot)configuration, options.Value.Table);
                Report(evaluation, evaluation.ApplyTo(overlay, status));
            }
        }
        catch (Exception failure) when (failure is RequestFailedException or AggregateException or HttpRequestException or GatewayConfigurationException or TimeoutException
            || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Failed(failure);
        }
    }

    /// <summary>Why the live revision could not be read, in words for the log and <c>/readyz</c>.</summary>
    public static string Describe(Exception failure) => failure switch
    {
        RequestFailedException { Status: 0 } or AggregateException or HttpRequestException => "storage is unreachable",
        RequestFailedException answered => $"storage answered {answered.Status} ({answered.ErrorCode})",
        OperationCanceledException or TimeoutException => "storage did not answer in time",
        _ => failure.Message,
    };

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

    private void Report(RevisionEvaluation evaluation, bool applied)
    {
        var outcome = applied ? "applied" : "rejected";
        metrics.ConfigRevisions.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("revision", evaluation.Number));
        if (applied && logger.IsEnabled(LogLevel.Information))
        {
            var revision = evaluation.Revision!;
            logger.Applied(evaluation.Number, revision.PublishedBy, revision.PublishedAt, revision.Message ?? "no message", string.Join(", ", evaluation.Document!.Sections));
        }
        else if (!applied && logger.IsEnabled(LogLevel.Error))
        {
            var serving = status.Current.Applied is { } current ? $"revision {current}" : "the bootstrap configuration";
            logger.Rejected(evaluation.Number, evaluation.Errors.Count, serving, string.Join(Environment.NewLine, evaluation.Errors));
        }
    }

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
        var reason = Describe(failure);
        status.ReadFailed(reason);
        if (!_failing)
        {
            _failing = true;
            logger.ReadFailed(options.Value.Table, status.Current.Applied is { } applied ? $"revision {applied}" : "the bootstrap configuration", reason);
        }
    }
}
