namespace Serverless.Gateway.Revisions;

/// <summary>Another publisher moved the live pointer between this one's read and its write; nothing of this one was written.</summary>
public sealed class RevisionConflictException : InvalidOperationException
{
    public RevisionConflictException()
    {
    }

    public RevisionConflictException(string message)
        : base(message)
    {
    }

    public RevisionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
