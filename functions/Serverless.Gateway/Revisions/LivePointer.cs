using Azure;

namespace Serverless.Gateway.Revisions;

/// <summary>Which revision is live, and the pointer's ETag: the condition a publisher moves it on, and what instances poll.</summary>
public sealed record LivePointer(long Revision, ETag ETag);
