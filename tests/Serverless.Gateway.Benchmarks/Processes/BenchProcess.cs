using System.Collections.Concurrent;
using System.Diagnostics;

using Serverless.LocalRun;

namespace Serverless.Gateway.Benchmarks.Processes;

/// <summary>
/// A process the benchmarks start and measure from outside: a backend, a proxy, the gateway, wrk. Its output is kept
/// (the last lines, for error messages) and its CPU time and memory are read from /proc, children included, because
/// nginx does its work in worker processes.
/// </summary>
public sealed class BenchProcess : IAsyncDisposable
{
    private const int KeptLines = 200;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private long _linesReceived;

    private BenchProcess(Process process, string displayName)
    {
        _process = process;
        DisplayName = displayName;
    }

    public string DisplayName { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Standard output and error, interleaved, last lines only.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Lines of output received so far, a mark for <see cref="LinesSince"/>.</summary>
    public long LinesReceived => Interlocked.Read(ref _linesReceived);

    /// <summary>The kept lines received after <paramref name="mark"/> (a <see cref="LinesReceived"/> read earlier), oldest first.</summary>
    public IReadOnlyList<string> LinesSince(long mark)
    {
        var kept = _output.ToArray();
        var count = (int)Math.Clamp(LinesReceived - mark, 0, kept.Length);
        return kept[^count..];
    }

    public static BenchProcess Start(
        string displayName,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Inherited from a shell that once ran under the Functions host, this would switch the gateway to that mode.
        start.Environment.Remove("FUNCTIONS_CUSTOMHANDLER_PORT");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} could not be started.");
        var started = new BenchProcess(process, displayName);
        process.OutputDataReceived += (_, line) => started.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => started.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Runs a command to completion and returns its output; fails with that output if the exit code is not 0.</summary>
    public static async Task<string> RunAsync(string displayName, string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        await using var process = Start(displayName, fileName, arguments);
        var exitCode = await process.WaitForExitAsync(cancellationToken);
        return exitCode == 0
            ? process.Output
            : throw new InvalidOperationException($"{displayName} exited with code {exitCode}:{Environment.NewLine}{process.Output}");
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);

        // The parameterless wait also drains the redirected output, so Output is complete afterwards.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Resident memory (VmRSS) of the process and its descendants, in bytes.</summary>
    public long ResidentBytes() => ProcessTree.Of(_process.Id).Sum(ProcessTree.ResidentBytes);

    /// <summary>CPU time (user + system) used so far by the process and its living descendants.</summary>
    public TimeSpan CpuTime() => TimeSpan.FromTicks(ProcessTree.Of(_process.Id).Sum(id => ProcessTree.CpuTime(id).Ticks));

    /// <summary>Throws with the process's output if it has exited, for start-up loops that must not wait on a dead process.</summary>
    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            _process.WaitForExit();
            throw new InvalidOperationException($"{DisplayName} exited with code {_process.ExitCode}:{Environment.NewLine}{Output}");
        }
    }

    /// <summary>SIGTERM, then SIGKILL of the whole tree if it has not exited within <paramref name="gracePeriod"/>.</summary>
    public Task StopAsync(TimeSpan gracePeriod) => ProcessTermination.TerminateAsync(_process, gracePeriod, DisplayName);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        Interlocked.Increment(ref _linesReceived);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }
}
