using System.Diagnostics;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// Places orders with bounded concurrency (closed loop): each worker places an order, reads its status every poll
/// interval until it is terminal, and only then places its next order, so at most that many sagas are in flight.
/// </summary>
public static class SagaLoad
{
    public static async Task<SagaLoadResult> RunAsync(
        SagaOrderClient client, int orders, int concurrency, TimeSpan pollInterval, TimeSpan orderTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var results = new SagaOrderResult[orders];
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(concurrency, orders)).Select(_ => Task.Run(async () =>
        {
            for (var index = Interlocked.Increment(ref next); index < orders; index = Interlocked.Increment(ref next))
            {
                results[index] = await RunOrderAsync(client, pollInterval, orderTimeout, cancellationToken);
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        return new SagaLoadResult(results);
    }

    private static async Task<SagaOrderResult> RunOrderAsync(SagaOrderClient client, TimeSpan pollInterval, TimeSpan orderTimeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        string id;
        try
        {
            id = await client.PlaceAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new SagaOrderResult(null, started, null, null, null, [], 0, exception.Message);
        }

        var answered = Stopwatch.GetTimestamp();
        SagaOrderSnapshot? last = null;
        var reads = new List<TimeSpan>();
        var pollErrors = 0;
        string? lastError = null;
        while (Stopwatch.GetElapsedTime(started) < orderTimeout)
        {
            await Task.Delay(pollInterval, cancellationToken);
            var reading = Stopwatch.GetTimestamp();
            try
            {
                last = await client.GetAsync(id, cancellationToken);
                reads.Add(Stopwatch.GetElapsedTime(reading));
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A failed read is counted and retried: the order may still end within its time.
                pollErrors++;
                lastError = exception.Message;
                continue;
            }

            if (last.IsTerminal)
            {
                return new SagaOrderResult(id, started, answered, Stopwatch.GetTimestamp(), last, reads, pollErrors, null);
            }
        }

        return new SagaOrderResult(id, started, answered, null, last, reads, pollErrors,
            $"not terminal after {orderTimeout.TotalSeconds:0} s; last status {last?.Status ?? "unknown"}{(lastError is null ? "" : $"; last read error: {lastError}")}");
    }
}
