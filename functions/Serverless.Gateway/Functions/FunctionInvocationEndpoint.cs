using System.Text.Json;
using Serverless.Gateway.Problems;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Functions;

/// <summary>
/// Answers the Functions host's custom-handler invocation: <c>POST /{FunctionName}</c> with
/// <c>{ "Data": {...}, "Metadata": {...} }</c>, answered with <c>{ "Outputs": {...}, "Logs": [...], "ReturnValue": ... }</c>.
/// </summary>
internal sealed class FunctionInvocationEndpoint(FunctionInvoker invoker, ILogger<FunctionInvocationEndpoint> logger)
{
    /// <summary>
    /// The host sets this on every client request it proxies through the HTTP function (overwriting any client value)
    /// and never on its own invocation POSTs, so its presence means a client is trying to reach a function directly.
    /// </summary>
    public const string ProxiedRequestHeader = "x-ms-invocation-id";

    /// <summary>The host's id for its own invocation request.</summary>
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    public async Task HandleAsync(HttpContext context, FunctionDescriptor function)
    {
        var request = context.Request;
        if (request.Headers.TryGetValue(ProxiedRequestHeader, out var proxiedId))
        {
            logger.ProxiedInvocationRejected(function.Name, proxiedId.ToString());
            await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, ProblemCodes.RouteNotFound,
                "Route not found", $"No route matches {request.Method} {request.Path}.");
            return;
        }

        var invocationId = request.Headers[InvocationIdHeader].ToString();
        if (invocationId.Length > 0)
        {
            RecordedSpan.Current?.SetTag(GatewayTelemetry.InvocationIdTag, invocationId);
        }
        else
        {
            invocationId = Guid.NewGuid().ToString();
        }

        // The host sends JSON; a body without a content type is still parsed, so only a declared non-JSON type is refused.
        if (!string.IsNullOrEmpty(request.ContentType) && !request.HasJsonContentType())
        {
            await Reject(context, function, StatusCodes.Status415UnsupportedMediaType, FunctionProblemCodes.UnsupportedMediaType,
                "The invocation payload must be sent as application/json.");
            return;
        }

        var cancellationToken = context.RequestAborted;
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException exception)
        {
            await Reject(context, function, StatusCodes.Status400BadRequest, FunctionProblemCodes.InvalidInvocation,
                $"The invocation payload is not valid JSON: {exception.Message}");
            return;
        }

        using (document)
        {
            if (Validate(document.RootElement) is { } error)
            {
                await Reject(context, function, StatusCodes.Status400BadRequest, FunctionProblemCodes.InvalidInvocation, error);
                return;
            }

            var invocation = new FunctionInvocation(function.Name, invocationId,
                Property(document.RootElement, "Data"), Property(document.RootElement, "Metadata"));
            await InvokeAsync(context, invocation, cancellationToken);
        }
    }

    private async Task InvokeAsync(HttpContext context, FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        FunctionResult result;
        try
        {
            result = await invoker.InvokeAsync(invocation, cancellationToken);
        }
        catch (FunctionInputException exception)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, FunctionProblemCodes.InvalidFunctionInput,
                "Invalid function input", exception.Message);
            return;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The invoker has logged the exception; the answer carries only what the host needs to retry.
            await GatewayProblems.WriteAsync(context, StatusCodes.Status500InternalServerError, FunctionProblemCodes.FunctionFailed,
                "Function failed", $"The function '{invocation.FunctionName}' failed (invocation {invocation.InvocationId}).");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        WriteResult(writer, result);
        await writer.FlushAsync(cancellationToken);
    }

    private Task Reject(HttpContext context, FunctionDescriptor function, int status, string code, string detail)
    {
        logger.PayloadRejected(function.Name, detail);
        return GatewayProblems.WriteAsync(context, status, code, "Invalid invocation payload", detail);
    }

    private static string? Validate(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "The invocation payload must be a JSON object with a 'Data' object and an optional 'Metadata' object.";
        }

        if (Property(root, "Data").ValueKind != JsonValueKind.Object)
        {
            return "The invocation payload must have a 'Data' object.";
        }

        return Property(root, "Metadata").ValueKind is JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null
            ? null
            : "The invocation payload's 'Metadata' must be an object.";
    }

    /// <summary>A top-level member, matched case-insensitively and unwrapped if the host encoded it as a string.</summary>
    private static JsonElement Property(JsonElement root, string name)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return InvocationValues.Unwrap(property.Value);
            }
        }

        return default;
    }

    private static void WriteResult(Utf8JsonWriter writer, FunctionResult result)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("Outputs");
        foreach (var (name, value) in result.Outputs)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("Logs");
        foreach (var line in result.Logs)
        {
            writer.WriteStringValue(line);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("ReturnValue");
        if (result.ReturnValue is { } returnValue)
        {
            returnValue.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteEndObject();
    }
}
