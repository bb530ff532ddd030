using System.ComponentModel.DataAnnotations;

namespace Serverless.Gateway.Auth.ApiKeys;

/// <summary>API key verification, bound from <c>Auth:ApiKeys</c>.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Auth:ApiKeys";

    /// <summary>Table holding the keys. Default <c>ApiKeys</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string Table { get; set; } = "ApiKeys";

    /// <summary>
    /// How long a verified key is trusted before it is re-read in the background: the bound within which a
    /// revocation takes effect in every instance. Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long cached keys keep working while storage cannot be reached. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan OutageGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an unknown key id is remembered, so random keys cannot hammer storage. Default 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan NegativeCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most entries the cache holds; beyond it unknown ids are not remembered. Default 100,000.</summary>
    [Range(1000, 10_000_000)]
    public int MaxCachedKeys { get; set; } = 100_000;
}
