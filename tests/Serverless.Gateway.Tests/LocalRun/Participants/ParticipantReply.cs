using System.Net;
using System.Text.Json;

namespace Serverless.Gateway.Tests.LocalRun.Participants;

/// <summary>A participant's answer, read in full so a test can compare a replay with the original byte for byte.</summary>
public sealed record ParticipantReply(HttpStatusCode Status, string Body, string? MediaType, bool Replayed)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Code => Json.GetProperty("code").GetString();

    /// <summary>Asserts an RFC 9457 answer with the given status and <c>code</c>, and no stack trace in it.</summary>
    public void AssertProblem(HttpStatusCode status, string code)
    {
        Assert.Equal(status, Status);
        Assert.Equal("application/problem+json", MediaType);
        Assert.Equal(code, Code);
        Assert.Equal((int)status, Json.GetProperty("status").GetInt32());
        Assert.DoesNotContain(" at ", Body, StringComparison.Ordinal);
    }
}
