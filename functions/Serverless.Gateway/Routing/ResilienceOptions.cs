namespace Serverless.Gateway.Routing;

/// <summary>Resilience for one backend, applied per destination.</summary>
public sealed class ResilienceOptions
{
    /// <summary>Time one attempt may take to return response headers. Default 30 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public RetryOptions Retry { get; set; } = new();

    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();
}
