using System.Text.Json;
using Serverless.Gateway.Problems;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Composite;

/// <summary>
/// Writes a composite route's answer: the parts' bodies merged under their names; when parts are missing, what is
/// missing and why in Problem Details terms, either as an <c>_incomplete</c> member of a 200 answer or as a 502 Problem
/// Details answer that still carries the parts that came back (docs/composite-routes.md).
/// </summary>
internal static class CompositeResponseWriter
{
    public const string IncompleteMember = "_incomplete";

    private const string Title = "Incomplete response";

    public static async Task WriteAsync(HttpContext context, CompositeRoute route, PartResult[] results)
    {
        var response = context.Response;
        var missing = results.Count(static result => !result.Succeeded);
        var failed = missing > 0 && (missing == results.Length || route.PartialStatus == StatusCodes.Status502BadGateway || RequiredMissing(route, results));
        if (missing > 0 && context.Features.Get<AccessLogFeature>() is { } accessLog)
        {
            accessLog.ProblemCode = ProblemCodes.PartsMissing;
        }

        response.StatusCode = failed ? StatusCodes.Status502BadGateway : StatusCodes.Status200OK;
        response.ContentType = failed ? "application/problem+json" : "application/json";
        var writer = new Utf8JsonWriter(response.BodyWriter);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            if (failed)
            {
                WriteProblemMembers(writer, context, StatusCodes.Status502BadGateway, Detail(route, results));
                WriteMissing(writer, route, results);
                writer.WriteStartObject("parts");
                WriteParts(writer, route, results);
                writer.WriteEndObject();
            }
            else
            {
                WriteParts(writer, route, results);
                if (missing > 0)
                {
                    writer.WriteStartObject(IncompleteMember);
                    WriteProblemMembers(writer, context, status: null, Detail(route, results));
                    WriteMissing(writer, route, results);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndObject();
            await writer.FlushAsync(context.RequestAborted);
        }
    }

    private static void WriteParts(Utf8JsonWriter writer, CompositeRoute route, PartResult[] results)
    {
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Body is { } body)
            {
                writer.WritePropertyName(route.Parts[i].JsonName);
                writer.WriteRawValue(body.Span, skipInputValidation: true);
            }
        }
    }

    private static void WriteProblemMembers(Utf8JsonWriter writer, HttpContext context, int? status, string detail)
    {
        // The members of RFC 9457 and the gateway's own (code, traceId), as GatewayProblems writes them; a 200 answer's
        // marker leaves out the status, which would contradict the answer's.
        var problemStatus = status ?? StatusCodes.Status502BadGateway;
        writer.WriteString("type", $"https://httpstatuses.io/{problemStatus}");
        writer.WriteString("title", Title);
        if (status is { } value)
        {
            writer.WriteNumber("status", value);
        }

        writer.WriteString("detail", detail);
        writer.WriteString("instance", context.Request.Path.Value);
        writer.WriteString("code", ProblemCodes.PartsMissing);
        writer.WriteString("traceId", GatewayProblems.TraceId(context));
    }

    private static void WriteMissing(Utf8JsonWriter writer, CompositeRoute route, PartResult[] results)
    {
        writer.WriteStartArray("missing");
        for (var i = 0; i < results.Length; i++)
        {
            if (!results[i].Succeeded)
            {
                writer.WriteStringValue(route.Parts[i].JsonName);
            }
        }

        writer.WriteEndArray();
        writer.WriteStartObject("errors");
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i] is { Succeeded: false } result)
            {
                writer.WriteStartObject(route.Parts[i].JsonName);
                writer.WriteString("code", result.Code);
                writer.WriteNumber("status", result.Status);
                writer.WriteString("detail", result.Detail);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndObject();
    }

    private static string Detail(CompositeRoute route, PartResult[] results)
    {
        var names = string.Join(", ", route.Parts.Where((_, i) => !results[i].Succeeded).Select(part => part.Name));
        return RequiredMissing(route, results)
            ? $"A required part is missing; missing parts: {names}."
            : $"Missing parts: {names}.";
    }

    private static bool RequiredMissing(CompositeRoute route, PartResult[] results) =>
        route.Parts.Where((part, i) => part.Required && !results[i].Succeeded).Any();
}
