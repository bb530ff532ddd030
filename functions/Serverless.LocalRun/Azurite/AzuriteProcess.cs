using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Serverless.LocalRun.Azurite;

/// <summary>
/// A real Azurite (blob, queue and table) on loopback, started from the repository's node_modules.
/// Telemetry is disabled because Azurite reports usage by default; the API version check is skipped because
/// the Azure SDKs may ask for a newer service version than Azurite knows. SIGINT does not stop it: its owner does.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account; it is public and documented, not a secret.</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _entryPoint;
    private readonly string? _dataDirectory;
    private Process? _process;

    private AzuriteProcess(string entryPoint, int blobPort, int queuePort, int tablePort, string? dataDirectory)
    {
        _entryPoint = entryPoint;
        _dataDirectory = dataDirectory;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public bool IsRunning => _process is { HasExited: false };

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>Starts Azurite on the given ports (0 picks free ones); in memory unless a data directory is given.</summary>
    public static async Task<AzuriteProcess> StartAsync(
        string repositoryRoot, int blobPort = 0, int queuePort = 0, int tablePort = 0, string? dataDirectory = null, CancellationToken cancellationToken = default)
    {
        var entryPoint = await AzuriteInstaller.EnsureInstalledAsync(repositoryRoot, cancellationToken);
        var azurite = new AzuriteProcess(
            entryPoint, blobPort == 0 ? LoopbackPorts.Free() : blobPort, queuePort == 0 ? LoopbackPorts.Free() : queuePort, tablePort == 0 ? LoopbackPorts.Free() : tablePort, dataDirectory);
        await azurite.StartAsync(cancellationToken);
        return azurite;
    }

    /// <summary>Starts a stopped Azurite again on the same ports, for tests of storage outages.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in Arguments())
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitForPortsAsync(cancellationToken);
    }

    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (_dataDirectory is null)
        {
            // In memory there is nothing to save, and tests stop Azurite to simulate an outage: end it at once.
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        else
        {
            // On disk, Azurite saves table and queue metadata every 5 s; a graceful stop writes the rest.
            await ProcessTermination.TerminateAsync(_process, TimeSpan.FromSeconds(10), "Azurite");
        }

        _process.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private IEnumerable<string> Arguments()
    {
        // Keeps a terminal's Ctrl+C from stopping Azurite before the apps that use it (see the script).
        var ignoreSigInt = Path.Combine(AppContext.BaseDirectory, "Azurite", "ignore-sigint.cjs");
        if (File.Exists(ignoreSigInt))
        {
            yield return "--require";
            yield return ignoreSigInt;
        }

        yield return _entryPoint;
        yield return "--silent";
        yield return "--disableTelemetry";
        yield return "--skipApiVersionCheck";
        yield return "--loose";
        yield return "--blobHost";
        yield return "127.0.0.1";
        yield return "--blobPort";
        yield return BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--queueHost";
        yield return "127.0.0.1";
        yield return "--queuePort";
        yield return QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--tableHost";
        yield return "127.0.0.1";
        yield return "--tablePort";
        yield return TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (_dataDirectory is null)
        {
            yield return "--inMemoryPersistence";
        }
        else
        {
            yield return "--location";
            yield return _dataDirectory;
        }
    }

    private async Task WaitForPortsAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                if (_process is null || _process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited during start-up (ports {BlobPort}/{QueuePort}/{TablePort} may be in use).");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    break;
                }
                catch (SocketException) when (DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(100, cancellationToken);
                }
            }
        }
    }
}
