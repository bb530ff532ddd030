namespace Serverless.Gateway.Revisions;

/// <summary>Published configuration revisions, bound from the <c>ConfigurationRevisions</c> section.</summary>
public sealed class RevisionOptions
{
    public const string SectionName = "ConfigurationRevisions";

    /// <summary>
    /// Whether this instance polls the live revision and applies it over its bootstrap configuration. Default false: app
    /// settings and files alone configure the gateway (the local mode); the Azure deployment turns it on.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>How often each instance reads the live pointer: one small entity read per instance and interval. Default 5 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The table holding the revisions and the live pointer. Default <c>ConfigRevisions</c>.</summary>
    public string Table { get; set; } = "ConfigRevisions";
}
