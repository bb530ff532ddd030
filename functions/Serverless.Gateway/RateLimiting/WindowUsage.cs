namespace Serverless.Gateway.RateLimiting;

/// <summary>One key's counts in the current window of one policy.</summary>
/// <param name="Policy">The policy name.</param>
/// <param name="Key">The rate-limit key: the tenant, or <c>{tenant}/{route}</c>.</param>
/// <param name="WindowStart">The start of the current window.</param>
/// <param name="Window">The policy's window.</param>
/// <param name="Limit">The policy's limit per window.</param>
/// <param name="Admitted">Requests admitted in the window, over every instance.</param>
/// <param name="Attempted">Requests seen in the window, refused ones included.</param>
/// <param name="PreviousWindowAdmitted">Requests admitted in the window before, over every instance.</param>
/// <param name="Instances">Instances that counted requests of the key in the window.</param>
public sealed record WindowUsage(string Policy, string Key, DateTimeOffset WindowStart, TimeSpan Window, long Limit, long Admitted, long Attempted, long PreviousWindowAdmitted, int Instances);
