using Azure;
using Grpc.Core;

namespace Serverless.Orders.Api;

/// <summary>Failures of the task hub (its storage, or the Durable Task sidecar) that a client should retry: answered 503, never 500.</summary>
internal static class TaskHubErrors
{
    public static bool IsUnavailable(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && exception is RpcException or RequestFailedException or HttpRequestException or TimeoutException;

    /// <summary>
    /// A start refused because the instance exists: the sidecar answers gRPC AlreadyExists; the Functions host's client
    /// throws InvalidOperationException when host.json's overridableExistingInstanceStates forbids replacing it.
    /// </summary>
    public static bool IsAlreadyExists(Exception exception) =>
        exception is RpcException { StatusCode: StatusCode.AlreadyExists }
        || (exception is InvalidOperationException && exception.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase));
}
