using System.Text;

namespace Serverless.Gateway.Tests.LocalRun.Participants;

/// <summary>Talks to a demo participant over real HTTP, the way the saga will.</summary>
public sealed class ParticipantClient(Uri address) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address };

    public Task<ParticipantReply> PostAsync(string path, string? json, string? idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, json, idempotencyKey, cancellationToken);

    public Task<ParticipantReply> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path, null, null, cancellationToken);

    public Task<ParticipantReply> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, null, cancellationToken);

    /// <summary>Sets the participant's faults through its control API.</summary>
    /// <summary>The service's ledger; reading it must always work, whatever faults are in force.</summary>
    public async Task<System.Text.Json.JsonElement> LedgerAsync(CancellationToken cancellationToken)
    {
        var reply = await GetAsync("/_ledger", cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, reply.Status);
        return reply.Json;
    }

    public async Task SetFaultsAsync(string json, CancellationToken cancellationToken)
    {
        var reply = await PostAsync("/_control/faults", json, null, cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, reply.Status);
    }

    public async Task<ParticipantReply> SendAsync(HttpMethod method, string path, string? json, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new ParticipantReply(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, response.Headers.Contains("Idempotent-Replayed"));
    }

    public void Dispose() => _http.Dispose();
}
