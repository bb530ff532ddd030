using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Serverless.LocalRun;
using Serverless.LocalRun.Azurite;

namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>One of the function apps (the gateway, the orders service) as a real process, for what only a process can show: exit codes, signals, crashes and memory.</summary>
public sealed class AppChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private bool _disposed;

    private AppChildProcess(Process process, string address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
    }

    public string Address { get; }

    public HttpClient Client { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join(Environment.NewLine, _output);

    public const string Gateway = "Serverless.Gateway";
    public const string Orders = "Serverless.Orders";

    /// <summary>Where the app's own build put it: tests run from tests/&lt;project&gt;/bin/&lt;Configuration&gt;/net10.0, and the apps build at the same depth.</summary>
    public static string AssemblyPathOf(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Path.Combine(RepositoryRoot.Find(), "functions", project, "bin", configuration, "net10.0", $"{project}.dll");
    }

    public static AppChildProcess Start(string project, IReadOnlyDictionary<string, string?> settings, string? workingDirectory = null, int? port = null)
    {
        var assemblyPath = AssemblyPathOf(project);
        port ??= LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(assemblyPath),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assemblyPath);
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port.Value.ToString(CultureInfo.InvariantCulture)}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment.Remove("FUNCTIONS_CUSTOMHANDLER_PORT");
        var process = Process.Start(start)!;
        var child = new AppChildProcess(process, $"http://127.0.0.1:{port.Value.ToString(CultureInfo.InvariantCulture)}");
        process.OutputDataReceived += (_, line) => child.Record(line.Data);
        process.ErrorDataReceived += (_, line) => child.Record(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public async Task WaitUntilListeningAsync()
    {
        await Eventually.TrueAsync(
            async () =>
            {
                Assert.False(_process.HasExited, $"The app exited early:{Environment.NewLine}{Output}");
                try
                {
                    return (await Client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            "The app process did not start listening.");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    public void SendSigterm()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Peak resident memory of the process in bytes (VmHWM), read from /proc.</summary>
    public long PeakResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
