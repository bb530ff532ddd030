namespace Serverless.Gateway.Routing;

/// <summary>A backend service: its destinations, how load is spread across them, and how failures are handled.</summary>
public sealed class BackendOptions
{
    /// <summary>Required. Destination name to base address (<c>http://10.0.0.4:8080</c>). Only these addresses are ever contacted.</summary>
    public Dictionary<string, string> Destinations { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>PowerOfTwoChoices</c> (default: two random destinations, the less busy wins), <c>RoundRobin</c>,
    /// <c>LeastRequests</c>, <c>Random</c> or <c>FirstAlphabetical</c>.
    /// </summary>
    public string LoadBalancing { get; set; } = "PowerOfTwoChoices";

    /// <summary>Optional active health probes. Off by default; failures of real traffic are always watched by the circuit breaker.</summary>
    public HealthProbeOptions HealthProbe { get; set; } = new();

    /// <summary>Timeouts, retries and circuit breaking for calls to this backend.</summary>
    public ResilienceOptions Resilience { get; set; } = new();

    /// <summary>
    /// Whether requests of authenticated callers carry a signed identity assertion (<c>X-Gateway-Assertion</c>) whose
    /// audience is this backend's id, so the backend can verify who the caller is (docs/identity-assertions.md).
    /// Default <c>false</c>.
    /// </summary>
    public bool IdentityAssertion { get; set; }

    /// <summary>
    /// Optional. Group name to a group of destinations with a traffic weight, for weighted and canary routing; empty
    /// (default) spreads load over all destinations. See docs/progressive-delivery.md.
    /// </summary>
    public Dictionary<string, BackendGroupOptions> Groups { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How requests are assigned to <see cref="Groups"/>: sticky key, override header, targets, rollback.</summary>
    public BackendSplitOptions Split { get; set; } = new();
}
