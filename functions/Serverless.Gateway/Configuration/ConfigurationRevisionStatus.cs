namespace Serverless.Gateway.Configuration;

/// <summary>
/// What this instance knows of the published configuration revisions, for <c>/readyz</c>: the revision it applied, the
/// latest one it refused and why, and whether it can read the live pointer. Empty where revisions are off.
/// </summary>
public sealed class ConfigurationRevisionStatus
{
    private volatile Snapshot _current = new(null, null, [], null);

    /// <summary>Whether an instance of this process polls published revisions at all.</summary>
    public bool Enabled { get; set; }

    public Snapshot Current => _current;

    public void Applied(long revision) => _current = _current with { Applied = revision, Rejected = null, RejectionErrors = [], ReadError = null };

    public void Rejected(long revision, IReadOnlyList<string> errors) => _current = _current with { Rejected = revision, RejectionErrors = errors, ReadError = null };

    public void ReadFailed(string error) => _current = _current with { ReadError = error };

    public void ReadSucceeded() => _current = _current with { ReadError = null };

    /// <param name="Applied">The published revision serving, or null while none has been applied (the bootstrap configuration serves).</param>
    /// <param name="Rejected">The live revision this instance refused, while it is live.</param>
    /// <param name="RejectionErrors">Why it was refused.</param>
    /// <param name="ReadError">Why the live pointer could not be read, while it cannot.</param>
    public sealed record Snapshot(long? Applied, long? Rejected, IReadOnlyList<string> RejectionErrors, string? ReadError);
}
