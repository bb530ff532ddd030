namespace Serverless.Gateway.Functions;

/// <summary>
/// Thrown by a handler whose trigger input is malformed. The invocation fails like any other (so the message is
/// retried and finally poisoned), but the failure is reported as bad input rather than as a fault of the app.
/// The message is returned to the caller, so it must describe the input, never secrets or internals.
/// </summary>
public sealed class FunctionInputException : Exception
{
    public FunctionInputException(string message)
        : base(message)
    {
    }
}
