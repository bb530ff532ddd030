namespace Serverless.Gateway.Forwarding;

/// <summary>An attempt at a backend got no response headers within the backend's attempt timeout.</summary>
public sealed class BackendAttemptTimeoutException(TimeSpan timeout, Exception? innerException)
    : TimeoutException($"The backend did not answer within the attempt timeout of {timeout}.", innerException);
