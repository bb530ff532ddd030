namespace Serverless.Gateway.RateLimiting;

/// <summary>The calendar period (UTC) a quota decision is about.</summary>
public enum QuotaPeriod
{
    /// <summary>The plan sets no quota; the request was still counted for usage and billing.</summary>
    None,
    Day,
    Month,
}
