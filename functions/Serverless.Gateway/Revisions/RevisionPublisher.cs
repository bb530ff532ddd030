using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Revisions;

/// <summary>
/// What the <c>config</c> commands do with a document: check it on top of the configuration the command reads (the
/// bootstrap an instance would have), compare it with the live revision, publish it as the next revision, or publish an
/// earlier revision's document again.
/// </summary>
public sealed class RevisionPublisher(RevisionStore store, IConfiguration configuration, TimeProvider time)
{
    private const string PlansSection = "RateLimiting:Plans";

    /// <summary>One line per problem; empty when an instance with this bootstrap would apply the document.</summary>
    public IReadOnlyList<string> Validate(RevisionDocument document) => RevisionValidator.Validate(RevisionValidator.Effective(Bootstrap(), document));

    /// <summary>The live revision's number (null when none is), and what <paramref name="document"/> changes against its document.</summary>
    public async Task<(long? Live, IReadOnlyList<string> Changes)> DiffAsync(RevisionDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var (live, current) = await LiveAsync(cancellationToken);
        return (live?.Revision, RevisionDiff.Compute(current?.Values ?? new Dictionary<string, string?>(), document.Values));
    }

    /// <summary>Publishes <paramref name="document"/> as the next revision unless the live one holds the same; the number live afterwards.</summary>
    public async Task<(long Revision, bool Published)> PublishAsync(RevisionDocument document, string? message, long? rollbackOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var (live, current) = await LiveAsync(cancellationToken);
        if (live is not null && current is not null && rollbackOf is null && Same(current, document))
        {
            return (live.Revision, false);
        }

        var publishedBy = await PublisherIdentity.ResolveAsync(configuration, cancellationToken);
        var revision = new ConfigurationRevision(0, publishedBy, time.GetUtcNow(), message, rollbackOf, document.Text);
        return (await store.PublishAsync(revision, live, cancellationToken), true);
    }

    /// <summary>
    /// The plans the instances run with where revisions are in use: the live revision's, when it holds
    /// <c>RateLimiting:Plans</c>; otherwise <paramref name="bootstrap"/>, those the command reads.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> PlansAsync(IReadOnlyCollection<string> bootstrap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bootstrap);
        if (await store.FindLiveAsync(cancellationToken) is not { Text: { } text })
        {
            return bootstrap;
        }

        try
        {
            var document = RevisionDocument.Parse(text, "the live revision");
            return document.Sections.Contains(PlansSection)
                ? [.. document.Values.Keys.Select(key => key.Split(':')).Where(parts => parts.Length > 3).Select(parts => parts[2]).Distinct(StringComparer.OrdinalIgnoreCase)]
                : bootstrap;
        }
        catch (ArgumentException)
        {
            return bootstrap;
        }
    }

    private async Task<(LivePointer? Pointer, RevisionDocument? Document)> LiveAsync(CancellationToken cancellationToken)
    {
        var live = await store.GetLiveAsync(cancellationToken);
        if (live is null || await store.GetAsync(live.Revision, cancellationToken) is not { Text: { } text })
        {
            return (live, null);
        }

        try
        {
            return (live, RevisionDocument.Parse(text, $"revision {live.Revision}"));
        }
        catch (ArgumentException)
        {
            // Published by a version that reads it differently: everything in the new document counts as a change.
            return (live, null);
        }
    }

    private static bool Same(RevisionDocument a, RevisionDocument b) =>
        a.Sections.Order(StringComparer.Ordinal).SequenceEqual(b.Sections.Order(StringComparer.Ordinal)) && RevisionDiff.Compute(a.Values, b.Values).Count == 0;

    private Dictionary<string, string?> Bootstrap() =>
        configuration is IConfigurationRoot root
            ? OverlayConfigurationSource.Bootstrap(root)
            : configuration.AsEnumerable().Where(static pair => pair.Value is not null).ToDictionary(StringComparer.OrdinalIgnoreCase);
}
