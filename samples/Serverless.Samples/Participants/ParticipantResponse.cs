using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Samples.Participants;

/// <summary>
/// An answer kept as plain data rather than as an <see cref="IResult"/>, so it can be stored under an idempotency
/// key and replayed byte for byte.
/// </summary>
internal sealed record ParticipantResponse(int StatusCode, string? Json, string? ContentType, string? Location = null)
{
    private const string JsonContentType = "application/json; charset=utf-8";
    private const string ProblemContentType = "application/problem+json; charset=utf-8";

    /// <summary>
    /// Like the payment providers this imitates, every answer that reached the business logic is remembered, rejections
    /// included; a 400 is not, because the request never started, and neither is a 5xx, so a retry can still succeed.
    /// </summary>
    public bool IsStored => StatusCode is not StatusCodes.Status400BadRequest and < StatusCodes.Status500InternalServerError;

    public static ParticipantResponse Created(string location, object body) =>
        new(StatusCodes.Status201Created, JsonSerializer.Serialize(body, body.GetType(), ParticipantJson.Options), JsonContentType, location);

    public static ParticipantResponse NoContent() => new(StatusCodes.Status204NoContent, null, null);

    public static ParticipantResponse Problem(int status, string code, string title, string? detail = null, JsonObject? extensions = null)
    {
        var problem = new JsonObject
        {
            ["type"] = $"urn:serverless:demo:problem:{code}",
            ["title"] = title,
            ["status"] = status,
            ["code"] = code,
        };
        if (detail is not null)
        {
            problem["detail"] = detail;
        }

        foreach (var (name, value) in extensions ?? [])
        {
            problem[name] = value?.DeepClone();
        }

        return new(status, problem.ToJsonString(ParticipantJson.Options), ProblemContentType);
    }

    public IResult ToResult(HttpResponse response, bool replayed)
    {
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (replayed)
        {
            // The header Stripe uses, so a client (and a test) can tell a replay from a fresh effect.
            response.Headers["Idempotent-Replayed"] = "true";
        }

        return Json is null
            ? Results.StatusCode(StatusCode)
            : Results.Text(Json, ContentType, Encoding.UTF8, StatusCode);
    }
}
