namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// A named limiter configuration: settings under <c>RateLimiting</c> (for example <c>SyncInterval</c>, or the setting
/// that selects a coordination algorithm), on top of each scenario's policy. Every scenario runs once per variant.
/// </summary>
public sealed record FleetVariant(string Name, IReadOnlyDictionary<string, string?> Settings);
