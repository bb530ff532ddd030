namespace Serverless.Gateway.Problems;

public static class StatusCodePagesExtensions
{
    /// <summary>
    /// Turns the empty 404 and 405 answers of endpoint routing into Problem Details. The gateway runs it only for
    /// requests no proxied route matched, so a backend's own error responses pass through unchanged.
    /// </summary>
    public static IApplicationBuilder UseGatewayStatusCodePages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(static async context =>
        {
            var http = context.HttpContext;
            var (code, title, detail) = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => (ProblemCodes.RouteNotFound, "Route not found", $"No route matches {http.Request.Method} {http.Request.Path}."),
                StatusCodes.Status405MethodNotAllowed => (ProblemCodes.MethodNotAllowed, "Method not allowed", $"The route for {http.Request.Path} does not accept {http.Request.Method}."),
                _ => (ProblemCodes.BadRequest, "Request failed", $"The request failed with status {http.Response.StatusCode}."),
            };
            await GatewayProblems.WriteAsync(http, http.Response.StatusCode, code, title, detail);
        });
}
