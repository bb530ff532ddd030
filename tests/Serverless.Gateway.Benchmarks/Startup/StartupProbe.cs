using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Serverless.LocalRun;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>Starts a target, polls its port until it accepts a connection, then its route until it answers 200, and stops it.</summary>
public static class StartupProbe
{
    public static async Task<StartupSample> MeasureAsync(StartupTarget target, StartupOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var port = LoopbackPorts.Free();
        var address = new Uri($"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        using var client = Loopback.CreateClient(TimeSpan.FromSeconds(10));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.StartTimeout);

        var started = Stopwatch.GetTimestamp();
        await using var process = target.Start(address);
        try
        {
            await WaitForConnectionAsync(process, port, options.PollInterval, deadline.Token);
            var listening = Stopwatch.GetElapsedTime(started);
            var notOk = 0;
            while (!await IsOkAsync(client, new Uri(address, target.Path), target.Headers, deadline.Token))
            {
                process.ThrowIfExited();
                notOk++;
                await Task.Delay(options.PollInterval, deadline.Token);
            }

            return new StartupSample(target.Variant, target.Route, listening, Stopwatch.GetElapsedTime(started), process.CpuTime(), notOk);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{target.Variant} did not answer 200 at {target.Path} within {options.StartTimeout.TotalSeconds:0} s.{Environment.NewLine}{process.Output}");
        }
    }

    private static async Task WaitForConnectionAsync(BenchProcess process, int port, TimeSpan poll, CancellationToken cancellationToken)
    {
        while (true)
        {
            process.ThrowIfExited();
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(poll, cancellationToken);
            }
        }
    }

    private static async Task<bool> IsOkAsync(HttpClient client, Uri uri, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
