namespace Serverless.Gateway.Revisions;

/// <summary>One published revision: its number, who published it, when and why, and the document (null where only listed).</summary>
/// <param name="RollbackOf">The revision whose document this one copied, when it was made by <c>config rollback</c>.</param>
public sealed record ConfigurationRevision(long Number, string PublishedBy, DateTimeOffset PublishedAt, string? Message, long? RollbackOf, string? Text);
