using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Serverless.Gateway.Policies.Cors;

public static class CorsApplicationBuilderExtensions
{
    /// <summary>
    /// ASP.NET Core's CORS middleware with the gateway's policy provider handed to it directly. <c>UseCors</c> takes the
    /// provider from the request's services, which costs every request it sees a service scope, and its start-up
    /// binding compiles an expression tree; the provider is a singleton (<see cref="RouteCorsPolicyProvider"/>, or a
    /// replacement registered as one), so neither buys anything.
    /// </summary>
    public static IApplicationBuilder UseGatewayCors(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;
        var policies = services.GetRequiredService<ICorsPolicyProvider>();
        var cors = services.GetRequiredService<ICorsService>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        return app.Use(next =>
        {
            var middleware = new CorsMiddleware(next, cors, loggers);
            return context => middleware.Invoke(context, policies);
        });
    }
}
