using System.Diagnostics;

namespace Serverless.LocalRun.Azurite;

/// <summary>
/// Installs Azurite from npm into the repository's own node_modules (pinned by package.json and package-lock.json),
/// so neither the local run nor the tests need anything installed globally by hand.
/// </summary>
public static class AzuriteInstaller
{
    public static async Task<string> EnsureInstalledAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var entryPoint = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(entryPoint))
        {
            return entryPoint;
        }

        // Test processes and the local run may race to install; a lock file serialises them across processes.
        await using var installLock = await AcquireLockAsync(Path.Combine(repositoryRoot, ".azurite-install.lock"), cancellationToken);
        if (File.Exists(entryPoint))
        {
            return entryPoint;
        }

        var useLockFile = File.Exists(Path.Combine(repositoryRoot, "package-lock.json"));
        var start = new ProcessStartInfo("npm", useLockFile ? "ci --no-audit --no-fund" : "install --no-audit --no-fund")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("npm could not be started; Node.js and npm must be on PATH.");
        var stdout = npm.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = npm.StandardError.ReadToEndAsync(cancellationToken);
        await npm.WaitForExitAsync(cancellationToken);
        if (npm.ExitCode != 0 || !File.Exists(entryPoint))
        {
            throw new InvalidOperationException($"Installing Azurite with npm failed (exit {npm.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return entryPoint;
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }
}
