namespace Serverless.Gateway.Revisions;

/// <summary>
/// The sections a revision may hold: what routes requests and what decides on them, all of it reloadable without a
/// restart, and none of it a secret. Everything else stays in app settings: storage and telemetry connections, signing
/// keys, JWT validation, and the limiter's sync settings, which every instance must share from its start.
/// </summary>
public static class PublishableSections
{
    public static IReadOnlyList<string> All { get; } = ["Gateway:Routes", "Gateway:Backends", "Auth:Policies", "RateLimiting:Policies", "RateLimiting:Plans"];

    /// <summary>The section as written in <see cref="All"/>, or null when <paramref name="path"/> is not one.</summary>
    public static string? Find(string path) => All.FirstOrDefault(section => section.Equals(path, StringComparison.OrdinalIgnoreCase));

    public static string Describe() => string.Join(", ", All.Take(All.Count - 1)) + " and " + All[^1];
}
