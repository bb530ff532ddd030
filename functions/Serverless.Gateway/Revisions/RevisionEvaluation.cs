using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Revisions;

/// <summary>
/// Whether this instance can apply the live revision: its document read and checked on top of the instance's own
/// bootstrap configuration, as at start-up. <see cref="Document"/> is set when it can; <see cref="Errors"/> say why not.
/// </summary>
internal sealed record RevisionEvaluation(long Number, ConfigurationRevision? Revision, RevisionDocument? Document, IReadOnlyList<string> Errors)
{
    public static RevisionEvaluation Of(long number, ConfigurationRevision? revision, IConfigurationRoot configuration, string table)
    {
        if (revision?.Text is null)
        {
            return new(number, revision, null, [$"the live pointer names revision {number}, which is not in table {table}."]);
        }

        try
        {
            var document = RevisionDocument.Parse(revision.Text, $"revision {number}");
            var errors = RevisionValidator.Validate(RevisionValidator.Effective(OverlayConfigurationSource.Bootstrap(configuration), document));
            return new(number, revision, errors.Count == 0 ? document : null, errors);
        }
        catch (ArgumentException unreadable)
        {
            return new(number, revision, null, [unreadable.Message]);
        }
    }

    /// <summary>Applies the revision to <paramref name="overlay"/> when it can be, and records the outcome in <paramref name="status"/>.</summary>
    public bool ApplyTo(OverlayConfigurationSource overlay, ConfigurationRevisionStatus status)
    {
        if (Document is null)
        {
            status.Rejected(Number, Errors);
            return false;
        }

        overlay.Apply(Document.Values, Document.Sections);
        status.Applied(Number);
        return true;
    }
}
