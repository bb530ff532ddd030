using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Serverless.LocalRun.Apps;

/// <summary>
/// One of the product's apps (the gateway, the orders service) as a child process, the way it runs in production: its
/// own process, started from its own build output, configured by arguments and environment variables. Its output is
/// relayed line by line with a <c>[name]</c> prefix so it stays apart from the local run's.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    // Each app drains in-flight requests on SIGTERM (30 s by default); locally nothing long-running should be in flight,
    // so waiting a little less keeps Ctrl+C responsive.
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // Inherited from a shell that once ran an app under the Functions host, these would switch it to that mode.
    private static readonly string[] FunctionsHostVariables = ["FUNCTIONS_CUSTOMHANDLER_PORT", "Functions__Worker__HostEndpoint"];

    // GNU coreutils 8.31 and later; not BSD's env (macOS) or BusyBox's, where the apps get the terminal's SIGINT too.
    private static readonly Lazy<bool> SigIntIgnorable = new(static () => !OperatingSystem.IsWindows() && Succeeds("env", "--ignore-signal=INT", "true"));

    private readonly Process _process;
    private readonly string _outputPrefix;

    private AppProcess(string name, Process process, Uri address)
    {
        Name = name;
        Address = address;
        _process = process;
        _outputPrefix = $"[{name}] ";
    }

    /// <summary>The short name its output lines and messages carry, e.g. <c>gateway</c>.</summary>
    public string Name { get; }

    public Uri Address { get; }

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>dotnet <paramref name="assemblyPath"/> <paramref name="arguments"/> --urls http://127.0.0.1:<paramref name="port"/></c> in the assembly's folder.</summary>
    public static AppProcess Start(
        string name, string assemblyPath, int port, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

        // A terminal's Ctrl+C goes to its whole foreground process group, these children included, while the local run
        // stops them itself, in reverse order of start, with one SIGTERM each. Hit by both signals at once, the orders
        // service's shutdown raced itself and sometimes crashed, so the apps start with SIGINT ignored where GNU env can
        // do that: an ignored signal stays ignored across exec, .NET leaves it so, and env keeps the process id, which
        // SIGTERM is sent to, and every environment variable (a POSIX shell would drop names such as "orders-1").
        var start = SigIntIgnorable.Value
            ? new ProcessStartInfo("env") { ArgumentList = { "--ignore-signal=INT", "dotnet" } }
            : new ProcessStartInfo("dotnet");
        start.WorkingDirectory = Path.GetDirectoryName(assemblyPath);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var argument in new[] { assemblyPath }.Concat(arguments).Concat(["--urls", address.GetLeftPart(UriPartial.Authority)]))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in FunctionsHostVariables)
        {
            start.Environment.Remove(variable);
        }

        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var app = new AppProcess(name, process, address);
        process.OutputDataReceived += (_, line) => app.Relay(Console.Out, line.Data);
        process.ErrorDataReceived += (_, line) => app.Relay(Console.Error, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Completes with the first of <paramref name="apps"/> to exit, whoever ended it.</summary>
    public static async Task<AppProcess> WhenAnyExitsAsync(IReadOnlyList<AppProcess> apps, CancellationToken cancellationToken)
    {
        var exits = apps.Select(app => app._process.WaitForExitAsync(cancellationToken)).ToList();
        var first = await Task.WhenAny(exits);
        await first;
        return apps[exits.IndexOf(first)];
    }

    /// <summary>
    /// Waits until the app reports ready on <c>/readyz</c>, or healthy on <c>/healthz</c> where it has no readiness
    /// endpoint; fails as soon as the process exits.
    /// </summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        // Loopback only: a proxy from the environment must not answer for the app.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.GetTimestamp();
        var lastProbe = "no answer yet";
        while (Stopwatch.GetElapsedTime(started) < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The {Name} app exited with code {_process.ExitCode} during start-up; see its output above.");
            }

            if (await ProbeAsync(client, cancellationToken) is not { } notReady)
            {
                return;
            }

            lastProbe = notReady;
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        throw new TimeoutException($"The {Name} app was not ready after {StartTimeout.TotalSeconds:0} s (last probe: {lastProbe}).");
    }

    /// <summary>Asks the app to shut down gracefully (SIGTERM), and kills it if it has not exited in time.</summary>
    public async ValueTask DisposeAsync()
    {
        await ProcessTermination.TerminateAsync(_process, StopGracePeriod, $"The {Name} app");
        _process.Dispose();
    }

    /// <summary>Null when ready; otherwise why not, for the time-out message.</summary>
    private static async Task<string?> ProbeAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken);
            if (ready.StatusCode != HttpStatusCode.NotFound)
            {
                return ready.IsSuccessStatusCode ? null : $"/readyz answered {(int)ready.StatusCode}";
            }

            using var healthy = await client.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
            return healthy.IsSuccessStatusCode ? null : $"/healthz answered {(int)healthy.StatusCode}";
        }
        catch (HttpRequestException exception)
        {
            return exception.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {client.Timeout.TotalSeconds:0} s";
        }
    }

    private static bool Succeeds(string program, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return false;
            }

            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private void Relay(TextWriter writer, string? line)
    {
        if (line is not null)
        {
            writer.WriteLine(_outputPrefix + line);
        }
    }
}
