using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Serverless.LocalRun.Dashboard;

/// <summary>
/// The standalone Aspire dashboard as a child process: a browser view of the traces, metrics and structured logs the
/// gateway and the orders service export over OTLP/HTTP. It keeps telemetry in memory only, so nothing survives a restart.
/// </summary>
/// <remarks>
/// Both its browser page and its OTLP endpoint run unsecured (no login token, no API key) because they listen on
/// 127.0.0.1 only, as the Aspire app host itself does with ASPIRE_ALLOW_UNSECURED_TRANSPORT: anyone who can reach
/// them can already read this machine's processes. Its own log lines are dropped: they are start-up notices and the
/// warnings about that choice, which the banner states once.
/// </remarks>
internal sealed class DashboardProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(5);

    private readonly Process _process;

    private DashboardProcess(Process process, Uri address, Uri otlpHttpEndpoint)
    {
        _process = process;
        Address = address;
        OtlpHttpEndpoint = otlpHttpEndpoint;
    }

    /// <summary>The page to open in a browser.</summary>
    public Uri Address { get; }

    /// <summary>Where apps send OTLP over HTTP (protobuf): their <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri OtlpHttpEndpoint { get; }

    /// <summary>Starts the dashboard at <paramref name="executablePath"/> on the given loopback ports and waits until its page answers.</summary>
    public static async Task<DashboardProcess> StartAsync(string executablePath, int port, int otlpHttpPort, CancellationToken cancellationToken)
    {
        var address = Loopback(port);
        var otlp = Loopback(otlpHttpPort);
        var start = new ProcessStartInfo(executablePath)
        {
            WorkingDirectory = Path.GetDirectoryName(executablePath),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = address.GetLeftPart(UriPartial.Authority);
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = otlp.GetLeftPart(UriPartial.Authority);
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";

        // The dashboard would otherwise send usage telemetry of its own.
        start.Environment["ASPIRE_DASHBOARD_TELEMETRY_OPTOUT"] = "true";
        start.Environment["DOTNET_DASHBOARD_TELEMETRY_OPTOUT"] = "true";

        // Inherited from a shell that runs an app, this would make the dashboard export its own telemetry.
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        var process = Process.Start(start) ?? throw new InvalidOperationException($"The dashboard could not be started from '{executablePath}'.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var dashboard = new DashboardProcess(process, address, otlp);
        try
        {
            await dashboard.WaitUntilReadyAsync(cancellationToken);
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }

        return dashboard;
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessTermination.TerminateAsync(_process, StopGracePeriod, "The dashboard");
        _process.Dispose();
    }

    private static Uri Loopback(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        // Loopback only: a proxy from the environment must not answer for the dashboard.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The dashboard exited with code {_process.ExitCode} during start-up; is port {Address.Port} or {OtlpHttpEndpoint.Port} in use? (--dashboard-port, --otlp-port, or --no-dashboard)");
            }

            try
            {
                using var response = await client.GetAsync(Address, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow to answer while it starts.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        throw new TimeoutException($"The dashboard did not answer at {Address} within {StartTimeout.TotalSeconds:0} s.");
    }
}
