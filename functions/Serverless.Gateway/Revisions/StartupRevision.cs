using Azure;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Revisions;

/// <summary>
/// The live revision as read while the app is composed, before any service reads its configuration: the routes, the
/// policies and everything bound at start-up (the rate limiter's sync among them) see it from the first. Storage is
/// tried once with a short timeout; when it does not answer, the bootstrap serves and the poller applies the revision
/// as soon as it can.
/// </summary>
internal sealed record StartupRevision(LivePointer? Pointer, RevisionEvaluation? Evaluation, string? ReadError)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    public static StartupRevision Load(IConfigurationManager configuration, OverlayConfigurationSource overlay, ConfigurationRevisionStatus status)
    {
        var table = configuration[$"{RevisionOptions.SectionName}:Table"] is { Length: > 0 } name ? name : new RevisionOptions().Table;
        LivePointer? pointer;
        ConfigurationRevision? revision;
        try
        {
            (pointer, revision) = RevisionStore.ReadLiveNow(StorageClientFactory.CreateProbe(configuration, ReadTimeout).Tables, table);
        }
        catch (Exception failure) when (failure is RequestFailedException or AggregateException or HttpRequestException or GatewayConfigurationException
            or OperationCanceledException or TimeoutException)
        {
            // Options validation reports a missing storage connection; the rest is an outage the poller rides out.
            status.ReadFailed(RevisionPoller.Describe(failure));
            return new StartupRevision(null, null, RevisionPoller.Describe(failure));
        }

        if (pointer is null)
        {
            return new StartupRevision(null, null, null);
        }

        var evaluation = RevisionEvaluation.Of(pointer.Revision, revision, (IConfigurationRoot)configuration, table);
        evaluation.ApplyTo(overlay, status);
        return new StartupRevision(pointer, evaluation, null);
    }
}
