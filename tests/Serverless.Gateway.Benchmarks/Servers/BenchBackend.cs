using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Serverless.Gateway.Benchmarks.Servers;

/// <summary>
/// The backend every load target forwards to: a minimal Kestrel app answering any GET with the same 80 bytes of JSON,
/// as cheap as ASP.NET Core gets, so the figures measure what sits in front of it.
/// </summary>
public static class BenchBackend
{
    public const string ContentType = "application/json";

    /// <summary>Exactly 80 bytes.</summary>
    public static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":42,"name":"benchmark product","price":19.99,"inStock":true,"tags":["xyz"]}""");

    public static Task RunAsync(int port) => Create(port).RunAsync();

    /// <summary>The backend, not started yet; port 0 takes a free port.</summary>
    public static WebApplication Create(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add($"http://127.0.0.1:{port}");
        app.MapGet("/{**path}", AnswerAsync);
        return app;
    }

    /// <summary>The answer to every request: <see cref="Body"/> as JSON.</summary>
    public static Task AnswerAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.ContentType = ContentType;
        context.Response.ContentLength = Body.Length;
        return context.Response.Body.WriteAsync(Body).AsTask();
    }
}
