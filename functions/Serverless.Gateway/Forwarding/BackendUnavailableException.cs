namespace Serverless.Gateway.Forwarding;

/// <summary>A backend could not be called at all: unknown, no destination available, or its circuit open. Always transient.</summary>
public sealed class BackendUnavailableException : Exception
{
    public BackendUnavailableException()
    {
    }

    public BackendUnavailableException(string message)
        : base(message)
    {
    }

    public BackendUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
