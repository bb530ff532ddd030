using Microsoft.AspNetCore.Diagnostics;

namespace Serverless.Gateway.Problems;

public static class ProblemsServiceCollectionExtensions
{
    /// <summary>
    /// Problem Details for everything the gateway answers itself, including unhandled exceptions (a generic 500 with
    /// <c>internal_error</c>, never the exception text) and malformed requests Kestrel rejects while reading the body.
    /// </summary>
    public static IServiceCollection AddGatewayProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = Customize);
        return services;
    }

    private static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions["traceId"] = GatewayProblems.TraceId(context.HttpContext);
        if (context.Exception is null && context.HttpContext.Features.Get<IExceptionHandlerFeature>() is null)
        {
            return;
        }

        var (status, code, title) = context.Exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, "Request body too large"),
            BadHttpRequestException bad => (bad.StatusCode, ProblemCodes.BadRequest, "Bad request"),
            _ => (StatusCodes.Status500InternalServerError, ProblemCodes.InternalError, "Internal error"),
        };
        context.HttpContext.Response.StatusCode = status;
        problem.Status = status;
        problem.Title = title;
        problem.Type = $"https://httpstatuses.io/{status}";
        problem.Detail = status == StatusCodes.Status500InternalServerError
            ? "The gateway failed to handle the request. Quote the traceId when reporting it."
            : context.Exception?.Message;
        problem.Extensions["code"] = code;
        problem.Extensions.Remove("exception");
    }
}
