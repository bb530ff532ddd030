namespace Serverless.Gateway.Benchmarks.Tools;

/// <summary>Finds a program installed from the system's packages (benchmarks/run.sh installs wrk and nginx).</summary>
public static class SystemTool
{
    // Debian puts nginx in /usr/sbin, which is not on every user's PATH.
    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/sbin", "/usr/local/sbin"];

    public static string Find(string name) =>
        TryFind(name) ?? throw new InvalidOperationException($"'{name}' is not installed; benchmarks/install-tools.sh installs it from the system's packages.");

    public static string? TryFind(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(ExtraDirectories)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
