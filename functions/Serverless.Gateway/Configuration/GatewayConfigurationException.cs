namespace Serverless.Gateway.Configuration;

/// <summary>
/// Configuration that cannot work, with a message written for the operator who has to fix it (which key or file, what
/// is wrong, what would do). Start-up reports it as one line and exit code 2 instead of a stack trace; every other
/// exception at start-up is a bug and crashes with its stack trace. It is an <see cref="InvalidOperationException"/>
/// so that callers which already treat those as "cannot work as configured" keep doing so.
/// </summary>
public sealed class GatewayConfigurationException : InvalidOperationException
{
    public GatewayConfigurationException()
    {
    }

    public GatewayConfigurationException(string message)
        : base(message)
    {
    }

    public GatewayConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
