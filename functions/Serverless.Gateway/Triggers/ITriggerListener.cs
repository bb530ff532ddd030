namespace Serverless.Gateway.Triggers;

/// <summary>Drives one function from its trigger source until stopped.</summary>
public interface ITriggerListener
{
    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled, then returns once in-flight work has settled; never throws for source errors.</summary>
    Task RunAsync(CancellationToken stoppingToken);
}
