using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Samples.Participants;

/// <summary>
/// Runs a participant's mutating calls under the <c>Idempotency-Key</c> rules of real payment providers: the same key
/// with the same request replays the first answer without a second effect, the same key with a different request is
/// refused with 422, and a call that needs a key and has none is refused with 400.
/// </summary>
internal sealed class IdempotentRequests(Lock gate)
{
    public const string HeaderName = "Idempotency-Key";

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads the body, then runs <paramref name="effect"/> under the participant's lock, so a check, an effect and the
    /// recording of its answer can never interleave with a concurrent retry carrying the same key.
    /// </summary>
    public async Task<IResult> ExecuteAsync(HttpContext context, bool keyRequired, Func<JsonNode?, ParticipantResponse> effect)
    {
        var key = context.Request.Headers[HeaderName].ToString();
        if (key.Length == 0 && keyRequired)
        {
            return ParticipantResponse.Problem(StatusCodes.Status400BadRequest, "idempotency_key_missing", $"The {HeaderName} header is required.",
                "Mutating calls must carry a unique Idempotency-Key so that retries cannot repeat their effect.").ToResult(context.Response, replayed: false);
        }

        JsonNode? body;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return ParticipantResponse.Problem(StatusCodes.Status400BadRequest, "malformed_json", "The request body is not valid JSON.").ToResult(context.Response, replayed: false);
        }

        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? string.Empty;
        lock (gate)
        {
            if (key.Length > 0 && _entries.TryGetValue(key, out var entry))
            {
                // The request is compared as JSON, not as bytes, so a retry that re-serialises the body still matches.
                var same = entry.Method == method && entry.Path == path && JsonNode.DeepEquals(entry.Body, body);
                return same
                    ? entry.Response.ToResult(context.Response, replayed: true)
                    : ParticipantResponse.Problem(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
                        "The Idempotency-Key was already used for a different request.",
                        $"Key '{key}' was first used for {entry.Method} {entry.Path} with another body.").ToResult(context.Response, replayed: false);
            }

            var response = effect(body);
            if (key.Length > 0 && response.IsStored)
            {
                _entries[key] = new Entry(method, path, body, response);
            }

            return response.ToResult(context.Response, replayed: false);
        }
    }

    private sealed record Entry(string Method, string Path, JsonNode? Body, ParticipantResponse Response);
}
