using Polly;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Sits inside YARP's HTTP client for one backend and runs every attempt through that backend's retry and timeout
/// pipeline. It sees the backend's status before YARP copies anything to the client, so a 503 can still be retried.
/// </summary>
public sealed class RetryHandler(string backendId, BackendResiliencePipelines pipelines) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(HealthProbeRequestFactory.ProbeKey, out _))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var pipeline = pipelines.GetAttemptPipeline(backendId);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(BackendPipelineFactory.RequestKey, request);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendCoreAsync(state.Request, ctx.CancellationToken));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Handler: this, Request: request));
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
