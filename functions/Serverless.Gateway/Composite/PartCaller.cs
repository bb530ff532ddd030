using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Timeouts;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.Assertions;
using Serverless.Gateway.Forwarding;
using Serverless.Gateway.Problems;
using Serverless.Gateway.Routing;
using Serverless.GatewayIdentity;
using Yarp.ReverseProxy;

namespace Serverless.Gateway.Composite;

/// <summary>
/// Calls one part through <see cref="BackendClient"/>, so the part gets its backend's load balancing over available
/// destinations, circuit breakers, attempt timeout and retries, and reads its body within the route's bound.
/// </summary>
internal sealed class PartCaller(
    BackendClient backends, IProxyStateLookup proxyState, IdentityAssertionIssuer issuer, TimeProvider time, ILogger<PartCaller> logger)
{
    private const int ChunkSize = 16 * 1024;

    public async Task<PartResult> CallAsync(CompositeRoute route, CompositePart part, string path, CallerIdentity? caller, ResponseBudget budget, HttpContext context)
    {
        var result = await CallCoreAsync(route, part, path, caller, budget, context);
        if (!result.Succeeded)
        {
            CompositeLog.PartFailed(logger, route.RouteId, part.Name, part.Backend, result.Code!, result.Status);
        }

        return result;
    }

    private async Task<PartResult> CallCoreAsync(CompositeRoute route, CompositePart part, string path, CallerIdentity? caller, ResponseBudget budget, HttpContext context)
    {
        using var timeout = new CancellationTokenSource(part.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token);
        var assertion = caller is not null && WantsAssertion(part.Backend) ? issuer.GetAssertion(caller, part.Backend) : null;
        try
        {
            using var response = await backends.SendAsync(part.Backend, address => CreateRequest(address, path, caller, assertion), linked.Token);
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
            {
                return PartResult.Failure(ProblemCodes.BadGateway, status, $"Backend '{part.Backend}' answered {status}.");
            }

            if (response.Content.Headers.ContentLength > route.MaxResponseBytes)
            {
                return TooLarge(part, route);
            }

            return await ReadAsync(response, part, route, budget, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested || RouteTimedOut(context))
        {
            return PartResult.Failure(ProblemCodes.BackendTimeout, StatusCodes.Status504GatewayTimeout, $"Backend '{part.Backend}' did not answer within {part.Timeout}.");
        }
        catch (BackendAttemptTimeoutException)
        {
            return PartResult.Failure(ProblemCodes.BackendTimeout, StatusCodes.Status504GatewayTimeout, $"Backend '{part.Backend}' did not answer in time.");
        }
        catch (BackendUnavailableException)
        {
            return PartResult.Failure(ProblemCodes.BackendUnavailable, StatusCodes.Status503ServiceUnavailable, $"Every destination of backend '{part.Backend}' is failing; retry later.");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return PartResult.Failure(ProblemCodes.BackendUnreachable, StatusCodes.Status502BadGateway, $"Backend '{part.Backend}' could not be reached.");
        }
    }

    private static HttpRequestMessage CreateRequest(Uri address, string path, CallerIdentity? caller, string? assertion)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, path));
        var headers = request.Headers;
        headers.TryAddWithoutValidation("Accept", "application/json");
        if (caller is not null)
        {
            headers.TryAddWithoutValidation(IdentityHeaders.Tenant, caller.Tenant);
            headers.TryAddWithoutValidation(IdentityHeaders.Subject, caller.Subject);
            headers.TryAddWithoutValidation(IdentityHeaders.Plan, caller.Plan);
            headers.TryAddWithoutValidation(IdentityHeaders.Scopes, string.Join(' ', caller.Scopes));
            headers.TryAddWithoutValidation(IdentityHeaders.Scheme, caller.Scheme);
        }

        if (assertion is not null)
        {
            headers.TryAddWithoutValidation(GatewayAssertion.HeaderName, assertion);
        }

        return request;
    }

    private static async Task<PartResult> ReadAsync(HttpResponseMessage response, CompositePart part, CompositeRoute route, ResponseBudget budget, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk.AsMemory(), cancellationToken)) > 0)
            {
                if (!budget.TryTake(read))
                {
                    budget.Return(buffer.Length);
                    return TooLarge(part, route);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        var json = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (json.IsEmpty)
        {
            return PartResult.Success("null"u8.ToArray(), (int)response.StatusCode);
        }

        if (!IsJson(json.Span))
        {
            budget.Return(json.Length);
            return PartResult.Failure(ProblemCodes.BadGateway, StatusCodes.Status502BadGateway, $"Backend '{part.Backend}' answered with a body that is not JSON.");
        }

        return PartResult.Success(json, (int)response.StatusCode);
    }

    private static bool IsJson(ReadOnlySpan<byte> body)
    {
        // One complete JSON value and nothing after it; the merged answer embeds the bytes as they are.
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static PartResult TooLarge(CompositePart part, CompositeRoute route) => PartResult.Failure(
        ProblemCodes.PayloadTooLarge, StatusCodes.Status502BadGateway,
        $"Backend '{part.Backend}' answered with more than the route's {route.MaxResponseBytes} bytes allow.");

    private static bool RouteTimedOut(HttpContext context) =>
        context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;

    private bool WantsAssertion(string backend) =>
        proxyState.TryGetCluster(backend, out var cluster) && cluster.Model.Config.Metadata?.GetValueOrDefault(YarpConfigMapper.IdentityAssertionMetadata) == "true";
}
