namespace Serverless.Gateway.Caching;

/// <summary>The <c>Caching</c> section: limits of the response cache shared by every route with <c>Cache</c>.</summary>
public sealed class CachingOptions
{
    public const string SectionName = "Caching";

    /// <summary>Bytes the in-memory tier of one instance may hold; least recently used entries go first. Default 67108864 (64 MB).</summary>
    public long MemoryLimitBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Table of the gateway's storage account that holds the shared tier. Default <c>ResponseCache</c>.</summary>
    public string Table { get; set; } = "ResponseCache";
}
