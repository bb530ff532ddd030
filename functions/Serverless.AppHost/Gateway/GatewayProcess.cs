using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Serverless.AppHost.Gateway;

/// <summary>
/// The gateway as a child process, the way it runs in production: its own process, configuration from arguments and
/// environment variables. Its output is relayed line by line with a prefix so it stays apart from the app host's.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private const string OutputPrefix = "[gateway] ";

    // The gateway drains in-flight requests on SIGTERM (30 s by default); locally nothing long-running should be in
    // flight, so waiting a little less keeps Ctrl+C responsive.
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private GatewayProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static GatewayProcess Start(string assemblyPath, string configPath, int port, IReadOnlyDictionary<string, string> environment)
    {
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assemblyPath),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { assemblyPath, "--config", configPath, "--urls", address.GetLeftPart(UriPartial.Authority) })
        {
            start.ArgumentList.Add(argument);
        }

        // Inherited from a shell that once ran the gateway under the Functions host, this would switch it to that mode.
        start.Environment.Remove("FUNCTIONS_CUSTOMHANDLER_PORT");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        process.OutputDataReceived += static (_, line) => Relay(Console.Out, line.Data);
        process.ErrorDataReceived += static (_, line) => Relay(Console.Error, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new GatewayProcess(process, address);
    }

    /// <summary>Completes with the exit code when the gateway exits, whoever ended it.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>
    /// Waits until the gateway reports ready on <c>/readyz</c>, or healthy on <c>/healthz</c> where it has no
    /// readiness endpoint; fails as soon as the process exits.
    /// </summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        // Loopback only: a proxy from the environment must not answer for the gateway.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTimeOffset.UtcNow + StartTimeout;
        var lastProbe = "no answer yet";
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with code {_process.ExitCode} during start-up; see its output above.");
            }

            if (await ProbeAsync(client, cancellationToken) is not { } notReady)
            {
                return;
            }

            lastProbe = notReady;
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        throw new TimeoutException($"The gateway was not ready after {StartTimeout.TotalSeconds:0} s (last probe: {lastProbe}).");
    }

    /// <summary>Asks the gateway to shut down gracefully (SIGTERM), and kills it if it has not exited in time.</summary>
    public async ValueTask DisposeAsync()
    {
        await ProcessTermination.TerminateAsync(_process, StopGracePeriod, "The gateway");
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

    private static void Relay(TextWriter writer, string? line)
    {
        if (line is not null)
        {
            writer.WriteLine(OutputPrefix + line);
        }
    }
}
