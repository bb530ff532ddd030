using System.Collections.Concurrent;
using System.Diagnostics;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>
/// Open-loop load: each gateway gets requests at a constant rate whether or not earlier ones have been answered, as
/// independent clients would send them, so a slow answer does not slow the offered rate down (a closed loop would).
/// </summary>
public sealed class OpenLoopLoad : IDisposable
{
    public const string Path = "/bench/items/1";

    private readonly HttpClient[] _clients;

    /// <summary>One client (connection pool) per gateway, kept across runs so that only the first run opens connections.</summary>
    public OpenLoopLoad(IEnumerable<Uri> gateways, string apiKey)
    {
        _clients = [.. gateways.Select(gateway =>
        {
            var client = Loopback.CreateClient(TimeSpan.FromSeconds(10));
            client.BaseAddress = gateway;
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
            return client;
        })];
    }

    /// <summary>
    /// Sends <paramref name="totalPerSecond"/> requests per second, split evenly over the gateways, from
    /// <paramref name="start"/> until <paramref name="end"/>, and returns every request's outcome once all are answered.
    /// </summary>
    public async Task<IReadOnlyList<RequestOutcome>> RunAsync(double totalPerSecond, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var outcomes = new ConcurrentQueue<RequestOutcome>();
        var delay = start - DateTimeOffset.UtcNow;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        var perGateway = totalPerSecond / _clients.Length;
        await Task.WhenAll(_clients.Select(client => Task.Run(() => PaceAsync(client, perGateway, start, end, outcomes, cancellationToken), cancellationToken)));
        return [.. outcomes];
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private static async Task PaceAsync(
        HttpClient client, double perSecond, DateTimeOffset start, DateTimeOffset end, ConcurrentQueue<RequestOutcome> outcomes, CancellationToken cancellationToken)
    {
        var pending = new List<Task>();
        long sent = 0;
        for (var now = DateTimeOffset.UtcNow; now < end; now = DateTimeOffset.UtcNow)
        {
            // The schedule, not the answers, decides what is due: the first request at start, then one every 1/rate.
            for (var due = (long)((now - start).TotalSeconds * perSecond) + 1; sent < due; sent++)
            {
                pending.Add(SendAsync(client, outcomes, cancellationToken));
            }

            await Task.Delay(1, cancellationToken);
        }

        await Task.WhenAll(pending);
    }

    private static async Task SendAsync(HttpClient client, ConcurrentQueue<RequestOutcome> outcomes, CancellationToken cancellationToken)
    {
        var sent = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        int status;
        try
        {
            // GetAsync reads the whole body, so the latency includes it.
            using var response = await client.GetAsync(Path, cancellationToken);
            status = (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            status = 0;
        }

        outcomes.Enqueue(new RequestOutcome(sent, Stopwatch.GetElapsedTime(started), status));
    }
}
