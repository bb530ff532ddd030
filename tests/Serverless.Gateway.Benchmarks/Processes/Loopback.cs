using System.Net;

namespace Serverless.Gateway.Benchmarks.Processes;

/// <summary>Waiting for a server on loopback to answer.</summary>
public static class Loopback
{
    /// <summary>A client that never goes through a proxy from the environment: only loopback is ever contacted.</summary>
    public static HttpClient CreateClient(TimeSpan timeout) =>
        new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = timeout };

    /// <summary>Polls <paramref name="uri"/> until it answers 200, failing as soon as <paramref name="process"/> exits.</summary>
    public static async Task WaitForStatusAsync(BenchProcess process, Uri uri, TimeSpan timeout, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var client = CreateClient(TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            process.ThrowIfExited();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                foreach (var (name, value) in headers ?? new Dictionary<string, string>())
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                using var response = await client.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
        }

        throw new TimeoutException($"{process.DisplayName} did not answer 200 at {uri} within {timeout.TotalSeconds:0} s (last: {last}).{Environment.NewLine}{process.Output}");
    }
}
