using System.Text.Json;

namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>One answer read by <see cref="RawHttp"/>: status, headers (the last line of each name) and body text.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>Asserts the answer is Problem Details with this status and <c>code</c>, and returns it.</summary>
    public JsonElement AssertProblem(int status, string code)
    {
        Assert.True(Status == status, $"Expected {status}, got {Status}: {Body}");
        Assert.True(Headers.TryGetValue("Content-Type", out var type) && type.StartsWith("application/problem+json", StringComparison.Ordinal), $"Not Problem Details: {Body}");
        var problem = JsonDocument.Parse(Body).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
