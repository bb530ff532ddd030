using System.ComponentModel.DataAnnotations;

namespace Serverless.Gateway.Hosting;

/// <summary>Process-level settings, bound from the <c>Hosting</c> section.</summary>
public sealed class GatewayHostingOptions
{
    public const string SectionName = "Hosting";

    /// <summary>The URL Kestrel listens on in standalone mode. Default <c>http://127.0.0.1:7071</c>, the port <c>func start</c> uses.</summary>
    [Required]
    public string Urls { get; set; } = "http://127.0.0.1:7071";

    /// <summary>How long SIGTERM waits for in-flight requests before the process exits. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Addresses of reverse proxies whose <c>X-Forwarded-*</c> headers are trusted. Under the Functions host the
    /// host itself (loopback) is always trusted, because it is the only thing that can reach the app.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];
}
