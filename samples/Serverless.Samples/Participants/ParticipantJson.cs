using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Samples.Participants;

/// <summary>The JSON conventions of the participants: web defaults (camelCase, case-insensitive reads).</summary>
internal static class ParticipantJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Reads a request body already parsed as JSON; a body of the wrong shape becomes a 400 answer.</summary>
    public static bool TryRead<T>(JsonNode? body, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out ParticipantResponse? problem)
        where T : class
    {
        try
        {
            value = body?.Deserialize<T>(Options);
        }
        catch (JsonException)
        {
            value = null;
        }

        problem = value is null
            ? ParticipantResponse.Problem(StatusCodes.Status400BadRequest, "invalid_request", "The request body does not have the expected shape.")
            : null;
        return value is not null;
    }
}
